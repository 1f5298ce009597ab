-- Win-back (docs/outreach.md, "Win-back"): one built-in play for lapsed customers. Its holdout is
-- the outreach program below (kind 'win-back'), so the uplift report measures it from day one.
insert into outreach_program (id, kind, key, name, holdout_share)
values ('00000000-0000-7000-8000-0000000bac4e', 'win-back', 'win-back', 'Win-back', 0.1)
on conflict (id) do nothing;

-- The play's settings: one row (id is always true).
create table winback_settings (
  id boolean not null default true,
  p_alive_below double precision,
  include_lapsed boolean not null default true,
  segment_id uuid,
  offer_id uuid,
  subject text not null,
  body text not null,
  window_start text not null default '09:00',
  window_end text not null default '17:00',
  default_time_zone text not null default 'UTC',
  reactivation_days integer not null default 30,
  cooldown_days integer not null default 90,
  active boolean not null default false,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  constraint winback_settings_pkey primary key (id),
  constraint winback_settings_one check (id),
  constraint winback_settings_p_alive_check check (p_alive_below is null or p_alive_below between 0 and 1),
  constraint winback_settings_days_check check (reactivation_days between 1 and 365 and cooldown_days between 1 and 3650),
  constraint winback_settings_segment_fkey foreign key (segment_id) references segment (id) on delete set null,
  constraint winback_settings_offer_fkey foreign key (offer_id) references offer (id) on delete set null,
  constraint winback_settings_updated_by_fkey foreign key (updated_by) references staff (id) on delete set null
);
insert into winback_settings (subject, body) values (
  'We miss you, {{ customer.firstName | default: "there" }}',
  E'Hi {{ customer.firstName | default: "there" }},\n\nIt has been a while. {% if offer %}Here is something to welcome you back: use code {{ offer.code }} on your next order.{% endif %}\n\n{{ owner.signature }}'
);

-- One run of the play: scheduled (one per UTC day) or on demand.
create table winback_run (
  id uuid not null,
  trigger text not null,
  day date not null,
  started_at timestamptz not null,
  reactivation_days integer not null,
  summary jsonb not null default '{}',
  started_by uuid,
  constraint winback_run_pkey primary key (id),
  constraint winback_run_trigger_check check (trigger in ('schedule', 'manual')),
  constraint winback_run_started_by_fkey foreign key (started_by) references staff (id) on delete set null
);
create unique index winback_run_scheduled_day on winback_run (day) where trigger = 'schedule';

-- One customer in one run: contacted (email, or a task for a rep by phone, SMS or post), held
-- out ("would have been contacted"), or no channel allowed (reason says which rules refused).
create table winback_contact (
  id uuid not null,
  run_id uuid not null,
  customer_id uuid not null,
  arm text not null,
  channel text,
  status text not null,
  reason text,
  offer_code text,
  eligible_at timestamptz not null,
  planned_for timestamptz,
  contacted_at timestamptz,
  reactivated_at timestamptz,
  revenue_minor bigint not null default 0,
  currency text,
  constraint winback_contact_pkey primary key (id),
  constraint winback_contact_once unique (run_id, customer_id),
  constraint winback_contact_arm_check check (arm in ('treated', 'held-out', 'global-control')),
  constraint winback_contact_channel_check check (channel in ('email', 'phone', 'sms', 'post')),
  constraint winback_contact_status_check
    check (status in ('held-out', 'pending', 'sent', 'task', 'done', 'no-channel', 'skipped', 'failed')),
  constraint winback_contact_run_fkey foreign key (run_id) references winback_run (id) on delete cascade,
  constraint winback_contact_customer_fkey foreign key (customer_id) references customer (id) on delete cascade
);
create index winback_contact_customer_idx on winback_contact (customer_id, eligible_at);
