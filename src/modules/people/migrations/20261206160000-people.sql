-- Assignment rules: ordered; the first active rule whose conditions all hold gives a new or unowned
-- customer an owner from its team or staff list (empty condition lists match everyone).
create table people_assignment_rule (
  id uuid primary key,
  position integer not null,
  name text not null,
  countries text[] not null default '{}',
  languages text[] not null default '{}',
  segment_id uuid,
  team_id uuid references team (id),
  staff_ids uuid[] not null default '{}',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint people_assignment_rule_target_check check (team_id is not null or cardinality(staff_ids) > 0)
);
create index people_assignment_rule_position_idx on people_assignment_rule (position, id);

-- Who owned each customer when: scorecards credit results to the owner at the time, so moving a
-- customer today never moves yesterday's results. Written by the customers module's owner-change
-- listener in the same transaction as the change; one open row (valid_to null) per customer.
create table people_ownership (
  customer_id uuid not null,
  id bigint generated always as identity,
  owner_id uuid not null,
  valid_from timestamptz not null,
  valid_to timestamptz,
  reason text,
  constraint people_ownership_pkey primary key (customer_id, id),
  constraint people_ownership_customer_fkey foreign key (customer_id) references customer (id),
  constraint people_ownership_period_check check (valid_to is null or valid_to >= valid_from)
);
create unique index people_ownership_open_idx on people_ownership (customer_id) where valid_to is null;
create index people_ownership_owner_idx on people_ownership (owner_id, valid_from);

-- Owners from before the history existed: owned since the customer was created (the best we know).
insert into people_ownership (customer_id, owner_id, valid_from, reason)
select id, owner_id, created_at, 'owner before history' from customer where owner_id is not null;
