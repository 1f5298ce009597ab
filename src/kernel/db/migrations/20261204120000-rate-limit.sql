-- Rate-limit counters shared by every API process of one installation (one row per route and
-- caller key). Unlogged: a crash may forget the counters, which only resets the windows, and
-- the hot upserts skip the write-ahead log.
create unlogged table rate_limit (
  key text not null,
  hits integer not null,
  expires_at timestamptz not null,
  constraint rate_limit_pkey primary key (key)
);
create index rate_limit_expires_idx on rate_limit (expires_at);
