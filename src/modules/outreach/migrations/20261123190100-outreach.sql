-- The one contact budget of the whole product. Every module that contacts a customer (surveys
-- now; newsletters, check-ins and win-back later) reserves the contact here first.

-- Budget rules per purpose ('*' = every purpose together): at most max_contacts contacts in any
-- window_days, and at most max_reminders reminders per contact.
create table contact_rule (
  purpose text not null,
  window_days integer not null,
  max_contacts integer not null,
  max_reminders integer not null,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  constraint contact_rule_pkey primary key (purpose),
  constraint contact_rule_purpose_check check (purpose = '*' or purpose ~ '^[a-z][a-z0-9-]{0,39}$'),
  constraint contact_rule_window_check check (window_days between 0 and 3650),
  constraint contact_rule_max_check check (max_contacts between 0 and 1000 and max_reminders between 0 and 100),
  constraint contact_rule_updated_by_fkey foreign key (updated_by) references staff (id) on delete set null
);
insert into contact_rule (purpose, window_days, max_contacts, max_reminders) values ('survey', 30, 1, 2);

-- Consent and opt-outs per purpose and channel ('*' = all). The most specific row wins.
create table contact_preference (
  customer_id uuid not null,
  purpose text not null,
  channel text not null,
  allowed boolean not null,
  source text not null,
  note text,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  constraint contact_preference_pkey primary key (customer_id, purpose, channel),
  constraint contact_preference_customer_fkey foreign key (customer_id) references customer (id),
  constraint contact_preference_updated_by_fkey foreign key (updated_by) references staff (id) on delete set null,
  constraint contact_preference_purpose_check check (purpose = '*' or purpose ~ '^[a-z][a-z0-9-]{0,39}$'),
  constraint contact_preference_channel_check check (channel = '*' or channel ~ '^[a-z][a-z0-9-]{0,39}$')
);

-- Every contact made (or reserved), what the budget counts. `reference` is the caller's
-- idempotency key: reserving the same reference twice returns the first reservation.
create table contact_log (
  customer_id uuid not null,
  id bigint generated always as identity,
  purpose text not null,
  channel text not null,
  reference text not null,
  -- set for reminders: the reference of the contact they remind about; reminders do not count
  -- against the window, only against max_reminders.
  reminder_of text,
  at timestamptz not null,
  constraint contact_log_pkey primary key (customer_id, id),
  constraint contact_log_reference_key unique (customer_id, reference),
  constraint contact_log_customer_fkey foreign key (customer_id) references customer (id)
);
create index contact_log_recent_idx on contact_log (customer_id, at desc) where reminder_of is null;
