-- Referrals: each customer's code, who referred whom (or why a referral was refused), the points
-- each side gets, and landing-page visits per code and day.
create table loyalty_referral_code (
  customer_id uuid primary key references customer (id),
  code text not null constraint loyalty_referral_code_code unique,
  created_at timestamptz not null default now()
);

create table loyalty_referral (
  id bigint generated always as identity primary key,
  code text not null,
  -- Null when the code was unknown (a refusal recorded from ingest).
  referrer_id uuid references customer (id),
  referred_id uuid not null references customer (id),
  status text not null constraint loyalty_referral_status_check check (status in ('accepted', 'refused')),
  reason text,
  source text not null,
  -- What recorded it (e.g. `segment:<messageId>`): a retried event records nothing new.
  source_ref text,
  recorded_at timestamptz not null,
  -- The referred customer's first purchase that claimed the credit (in the ingest transaction),
  -- the points frozen for each side when it was claimed, and when both grants were made.
  credited_on text,
  first_purchase_at timestamptz,
  referrer_points integer,
  referee_points integer,
  credited_at timestamptz,
  constraint loyalty_referral_refusal_check check ((status = 'refused') = (reason is not null))
);
-- A customer can be referred only once.
create unique index loyalty_referral_once on loyalty_referral (referred_id) where status = 'accepted';
create unique index loyalty_referral_source on loyalty_referral (source, source_ref) where source_ref is not null;
create index loyalty_referral_referrer on loyalty_referral (referrer_id);

create table loyalty_referral_settings (
  id boolean primary key default true constraint loyalty_referral_settings_one check (id),
  referrer_points integer not null default 500 check (referrer_points between 0 and 1000000),
  referee_points integer not null default 250 check (referee_points between 0 and 1000000),
  updated_at timestamptz not null default now()
);
insert into loyalty_referral_settings default values;

create table loyalty_referral_visit (
  code text not null,
  day date not null,
  visits integer not null default 1,
  primary key (code, day)
);
