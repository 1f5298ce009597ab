-- Customers close to their next tier up (at least 80% of its threshold), written by the tier
-- evaluation in the same pass that decides the tier, so the managers' dashboard reads a short
-- list instead of recomputing every customer's qualifying values.
create table loyalty_tier_progress (
  customer_id uuid primary key references customer (id),
  -- The next tier up from the customer's current tier (the lowest tier for customers without one).
  tier_id uuid not null references loyalty_tier (id),
  -- On that tier's criterion: minor units of its currency, points, or days.
  value bigint not null,
  threshold bigint not null
);
create index loyalty_tier_progress_tier_idx on loyalty_tier_progress (tier_id);

-- A tier can email customers who move into it: a Liquid subject and body (both or neither).
alter table loyalty_tier add column email_subject text, add column email_body text,
  add constraint loyalty_tier_email_check check ((email_subject is null) = (email_body is null));

-- One row per tier change to mail, written with the change: the job's work list and its record.
create table loyalty_tier_email (
  customer_id uuid not null references customer (id),
  change_id bigint not null,
  tier_id uuid not null references loyalty_tier (id),
  status text not null default 'pending' constraint loyalty_tier_email_status_check
    check (status in ('pending', 'sent', 'skipped', 'failed')),
  reason text,
  created_at timestamptz not null,
  sent_at timestamptz,
  constraint loyalty_tier_email_pkey primary key (customer_id, change_id)
);
