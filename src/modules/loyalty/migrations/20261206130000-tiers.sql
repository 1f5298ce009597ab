-- Tiers ("service paths"): definitions, each customer's current membership, and its history.
create table loyalty_tier (
  id uuid primary key,
  name text not null constraint loyalty_tier_name_key unique,
  -- Higher is better; the highest tier whose criterion a customer meets is theirs.
  rank smallint not null constraint loyalty_tier_rank_key unique,
  criterion text not null constraint loyalty_tier_criterion_check check (criterion in ('spend', 'points', 'tenure')),
  -- Minor units of `currency` (spend), points, or days (tenure).
  threshold bigint not null constraint loyalty_tier_threshold_check check (threshold >= 0),
  currency text,
  window_days integer not null default 365 constraint loyalty_tier_window_check check (window_days between 1 and 3650),
  downgrade text not null default 'grace' constraint loyalty_tier_downgrade_check check (downgrade in ('never', 'yearly', 'grace')),
  grace_days integer not null default 30 constraint loyalty_tier_grace_check check (grace_days between 0 and 3650),
  earn_multiplier numeric(4, 2) not null default 1 constraint loyalty_tier_multiplier_check check (earn_multiplier between 1 and 10),
  -- Case priority 1–4 (1 most urgent) and SLA targets that replace the severity's policy.
  case_priority smallint constraint loyalty_tier_priority_check check (case_priority between 1 and 4),
  first_response_minutes integer constraint loyalty_tier_first_check check (first_response_minutes between 1 and 525600),
  resolution_minutes integer constraint loyalty_tier_resolution_check check (resolution_minutes between 1 and 525600),
  -- A dedicated rep: balanced across these staff (or this team's members).
  dedicated_rep boolean not null default false,
  rep_team_id uuid,
  rep_staff_ids uuid[] not null default '{}',
  call_list_first boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint loyalty_tier_currency_check check ((criterion = 'spend') = (currency is not null))
);

create table loyalty_tier_member (
  customer_id uuid primary key references customer (id),
  tier_id uuid not null references loyalty_tier (id),
  since timestamptz not null,
  -- Yearly review date; grace: since when the customer no longer qualifies.
  review_at timestamptz not null,
  below_since timestamptz,
  -- The rep this tier assigned (for balancing across the tier's reps).
  rep_id uuid
);
create index loyalty_tier_member_tier_idx on loyalty_tier_member (tier_id);

-- A manager's override wins over evaluation until it expires.
create table loyalty_tier_override (
  customer_id uuid primary key references customer (id),
  tier_id uuid references loyalty_tier (id),
  until timestamptz not null,
  reason text not null,
  set_by uuid,
  created_at timestamptz not null default now()
);

create table loyalty_tier_change (
  customer_id uuid not null references customer (id),
  id bigint generated always as identity,
  from_tier_id uuid,
  to_tier_id uuid,
  cause text not null constraint loyalty_tier_change_cause_check check (cause in ('upgrade', 'downgrade', 'override', 'override-expired')),
  changed_at timestamptz not null,
  constraint loyalty_tier_change_pkey primary key (customer_id, id)
);
create index loyalty_tier_change_at_idx on loyalty_tier_change (changed_at);
