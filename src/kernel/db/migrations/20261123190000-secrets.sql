-- Secrets the server generates for itself when the operator gives none (e.g. the key that signs
-- survey and unsubscribe links). In the database, not the data folder, so every API and worker
-- process of one installation signs and verifies with the same key, across restarts.
create table tenure_secret (
  name text not null,
  value bytea not null,
  created_at timestamptz not null default now(),
  constraint tenure_secret_pkey primary key (name)
);
