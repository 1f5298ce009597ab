-- The points ledger. Minimal for now: the feedback module grants survey incentives through
-- grantReward(); the loyalty module will grow earn rules, redemption and tiers on top of it.
create table loyalty_ledger (
  customer_id uuid not null,
  id bigint generated always as identity,
  points integer not null default 0,
  reward_code text,
  reason text not null,
  source text not null,
  -- "exactly once": a grant is keyed by what earned it (e.g. `survey-response:<id>`).
  idempotency_key text not null,
  properties jsonb not null default '{}',
  created_at timestamptz not null default now(),
  constraint loyalty_ledger_pkey primary key (customer_id, id),
  constraint loyalty_ledger_idempotency_key unique (customer_id, idempotency_key),
  constraint loyalty_ledger_customer_fkey foreign key (customer_id) references customer (id),
  constraint loyalty_ledger_grant_check check (points <> 0 or reward_code is not null)
);
