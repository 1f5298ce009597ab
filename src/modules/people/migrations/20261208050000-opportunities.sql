-- Opportunities a rep found while serving a customer (a call on the timeline or a case): open →
-- qualified → won (only by a matching purchase) or lost. A matching purchase within the window
-- converts an opportunity once; the purchase is credited to the rep and the contact that found it.
create table people_opportunity (
  id uuid primary key,
  customer_id uuid not null references customer (id),
  -- The contact that found it: a touchpoint on the timeline (a call) or a case, never neither.
  interaction_id bigint,
  case_id uuid,
  rep_id uuid not null references staff (id),
  interest text not null,
  product text,
  category text,
  value_minor bigint not null,
  currency char(3) not null,
  window_days integer not null,
  stage text not null default 'open',
  flagged_at timestamptz not null,
  stage_at timestamptz not null,
  -- The purchase that converted it (won): its timeline row, time and amount as recorded.
  won_interaction_id bigint,
  won_at timestamptz,
  won_amount_minor bigint,
  won_currency char(3),
  constraint people_opportunity_source_check check (interaction_id is not null or case_id is not null),
  constraint people_opportunity_stage_check check (stage in ('open', 'qualified', 'won', 'lost')),
  constraint people_opportunity_won_check check ((stage = 'won') = (won_interaction_id is not null)),
  constraint people_opportunity_interaction_fkey foreign key (customer_id, interaction_id)
    references interaction (customer_id, id),
  constraint people_opportunity_case_fkey foreign key (customer_id, case_id) references loop_case (customer_id, id)
);
create index people_opportunity_customer_idx on people_opportunity (customer_id, flagged_at)
  where stage in ('open', 'qualified');
create index people_opportunity_rep_idx on people_opportunity (rep_id, flagged_at);
create index people_opportunity_won_idx on people_opportunity (won_at) where stage = 'won';
-- One purchase credits one opportunity: the same revenue is never counted twice.
create unique index people_opportunity_purchase_idx on people_opportunity (customer_id, won_interaction_id)
  where won_interaction_id is not null;

-- Every stage change, who made it (null: the conversion by a purchase) and why.
create table people_opportunity_stage (
  opportunity_id uuid not null references people_opportunity (id),
  id bigint generated always as identity,
  from_stage text,
  to_stage text not null,
  at timestamptz not null,
  staff_id uuid,
  note text,
  constraint people_opportunity_stage_pkey primary key (opportunity_id, id)
);
