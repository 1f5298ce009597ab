-- Assignment by loyalty tier: the tiers a customer's current tier must be one of (empty: any).
-- Ids only: tiers are read through loyalty's tiersOf seam, never joined here.
alter table people_assignment_rule add column tier_ids uuid[] not null default '{}';

-- Introduction emails from a customer's new rep after a rebalancing: one row per moved customer,
-- written with the move, delivered by the job people.send-intro-email (consent and budget through
-- outreach's one check). The template is kept, not the rendered text: the row holds no more
-- personal data than the customer id.
create table people_intro_email (
  id uuid primary key,
  customer_id uuid not null references customer (id),
  from_staff_id uuid not null references staff (id),
  to_staff_id uuid not null references staff (id),
  subject text not null,
  body text not null,
  status text not null default 'pending'
    constraint people_intro_email_status_check check (status in ('pending', 'sent', 'skipped', 'failed')),
  reason text,
  created_at timestamptz not null,
  sent_at timestamptz
);
create index people_intro_email_customer_idx on people_intro_email (customer_id);

-- Kudos: one staff member recognises a colleague for work with a saved customer or on a case.
create table people_kudos (
  id uuid primary key,
  from_staff_id uuid not null references staff (id),
  to_staff_id uuid not null references staff (id),
  customer_id uuid references customer (id),
  case_id uuid,
  message text not null,
  created_at timestamptz not null,
  constraint people_kudos_self_check check (from_staff_id <> to_staff_id),
  constraint people_kudos_link_check check (customer_id is not null or case_id is not null)
);
create index people_kudos_created_idx on people_kudos (created_at desc, id desc);
create index people_kudos_to_idx on people_kudos (to_staff_id);
create index people_kudos_customer_idx on people_kudos (customer_id) where customer_id is not null;

-- Which recognition each staff member values (one answer per person, replaced when asked again).
create table people_staff_reward_preference (
  staff_id uuid primary key references staff (id),
  choices text[] not null,
  updated_at timestamptz not null
);

-- Which rewards a customer values: a short preference kept on the customer, set by staff (360)
-- or by the customer in the preference centre.
create table people_customer_reward_preference (
  customer_id uuid primary key references customer (id),
  choices text[] not null,
  note text,
  source text not null constraint people_customer_reward_preference_source_check check (source in ('staff', 'customer')),
  updated_at timestamptz not null
);
