-- Holdouts and uplift (docs/outreach.md, "Holdouts and uplift"). Every proactive program — a
-- campaign, a call list, a win-back play, a playbook, an offer — holds out a random share of the
-- customers it would contact, so what it does can be measured against customers it left alone.

create table outreach_program (
  id uuid not null,
  kind text not null,
  key text not null,
  name text not null,
  -- The share of newly eligible customers held out. Changing it moves nobody already assigned.
  holdout_share numeric(5, 4) not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  constraint outreach_program_pkey primary key (id),
  constraint outreach_program_key_key unique (kind, key),
  constraint outreach_program_kind_check
    check (kind in ('campaign', 'call-list', 'win-back', 'playbook', 'offer', 'global-control')),
  constraint outreach_program_key_check check (key ~ '^[a-z][a-z0-9-]{0,39}$'),
  constraint outreach_program_share_check check (
    holdout_share >= 0 and holdout_share <= case when kind = 'global-control' then 0.1 else 0.5 end),
  constraint outreach_program_updated_by_fkey foreign key (updated_by) references staff (id) on delete set null
);

-- The global control group: customers no proactive program contacts. Off (0) until an admin sets it.
insert into outreach_program (id, kind, key, name, holdout_share)
values ('00000000-0000-7000-8000-00000000c0de', 'global-control', 'global-control', 'Global control group', 0);

-- One row per customer × program, written the first time the customer became eligible and never
-- moved: held-out customers are recorded like treated ones ("would have been contacted"), with the
-- same eligibility moment, so both arms are defined the same way.
create table program_assignment (
  customer_id uuid not null,
  program_id uuid not null,
  arm text not null,
  eligible_at timestamptz not null,
  -- The share in force when the customer was assigned: customers assigned at 0 could not have
  -- been held out, so the report leaves them out of the comparison.
  holdout_share numeric(5, 4) not null,
  assigned_at timestamptz not null default now(),
  constraint program_assignment_pkey primary key (customer_id, program_id),
  constraint program_assignment_arm_check check (arm in ('treated', 'held-out', 'global-control')),
  constraint program_assignment_customer_fkey foreign key (customer_id) references customer (id),
  constraint program_assignment_program_fkey foreign key (program_id) references outreach_program (id) on delete cascade
);
-- The uplift report reads a program's assignments arm by arm.
create index program_assignment_program_idx on program_assignment (program_id, arm, eligible_at);
