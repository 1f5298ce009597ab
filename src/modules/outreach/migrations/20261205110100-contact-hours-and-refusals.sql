-- Quiet hours and preferred contact times, in the customer's local time. `time_zone` is used
-- when the customer profile has none (profiles from imports often lack it).
create table contact_hours (
  customer_id uuid not null,
  quiet_from time,
  quiet_to time,
  preferred_from time,
  preferred_to time,
  -- ISO weekdays 1 = Monday … 7 = Sunday on which calls are preferred; empty = any day
  preferred_days smallint[] not null default '{}',
  time_zone text,
  updated_at timestamptz not null default now(),
  staff_id uuid,
  constraint contact_hours_pkey primary key (customer_id),
  constraint contact_hours_customer_fkey foreign key (customer_id) references customer (id),
  constraint contact_hours_staff_fkey foreign key (staff_id) references staff (id) on delete set null,
  constraint contact_hours_quiet_check check ((quiet_from is null) = (quiet_to is null) and (quiet_from is null or quiet_from <> quiet_to)),
  constraint contact_hours_preferred_check check ((preferred_from is null) = (preferred_to is null) and (preferred_from is null or preferred_from < preferred_to)),
  constraint contact_hours_days_check check (preferred_days <@ array[1, 2, 3, 4, 5, 6, 7]::smallint[]),
  constraint contact_hours_time_zone_check check (length(time_zone) <= 64)
);

-- Every contact the one check refused, with the rule that stopped it: what a rep reads when a
-- customer asks why they got nothing, and what campaigns and call lists count as "skipped".
-- One row per (reference, rule): a retried job refused for the same reason is not counted twice.
create table contact_refusal (
  customer_id uuid not null,
  id bigint generated always as identity,
  purpose text not null,
  channel text not null,
  reference text not null,
  code text not null,
  rule text not null,
  reason text not null,
  at timestamptz not null,
  constraint contact_refusal_pkey primary key (customer_id, id),
  constraint contact_refusal_key unique (customer_id, reference, rule),
  constraint contact_refusal_customer_fkey foreign key (customer_id) references customer (id)
);
create index contact_refusal_recent_idx on contact_refusal (customer_id, at desc);
