-- Call lists (docs/outreach.md, "Call lists"): a segment worked by phone each morning, capped per
-- rep per day. Each list is also an outreach program of kind 'call-list' (same id) for holdouts.
create table call_list (
  id uuid not null,
  name text not null,
  segment_id uuid not null,
  cap_per_rep integer not null,
  fallback_rep_id uuid,
  call_from text not null default '09:00',
  call_to text not null default '17:00',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint call_list_pkey primary key (id),
  constraint call_list_name_key unique (name),
  constraint call_list_name_check check (length(name) between 1 and 120),
  constraint call_list_cap_check check (cap_per_rep between 1 and 200),
  constraint call_list_hours_check check (call_from ~ '^\d\d:\d\d$' and call_to ~ '^\d\d:\d\d$' and call_from < call_to),
  constraint call_list_segment_fkey foreign key (segment_id) references segment (id) on delete restrict,
  constraint call_list_fallback_fkey foreign key (fallback_rep_id) references staff (id) on delete set null
);

-- One row per list and day: the build ran (idempotence) and what it found.
create table call_list_build (
  call_list_id uuid not null,
  day date not null,
  built_at timestamptz not null,
  summary jsonb not null,
  constraint call_list_build_pkey primary key (call_list_id, day),
  constraint call_list_build_list_fkey foreign key (call_list_id) references call_list (id) on delete cascade
);

-- One customer on one list on one day: to call (channel phone), to contact another way
-- (instead_reason says why), held out, or left for tomorrow (nothing that day, no row).
create table call_item (
  id uuid not null,
  call_list_id uuid not null,
  day date not null,
  customer_id uuid not null,
  rep_id uuid,
  arm text not null,
  channel text,
  rank integer not null,
  score double precision not null,
  why text not null,
  instead_reason text,
  time_zone text not null,
  due_from timestamptz,
  due_to timestamptz,
  status text not null,
  outcome text,
  skip_reason text,
  completed_at timestamptz,
  constraint call_item_pkey primary key (id),
  constraint call_item_once unique (call_list_id, day, customer_id),
  constraint call_item_arm_check check (arm in ('treated', 'held-out', 'global-control')),
  constraint call_item_channel_check check (channel in ('phone', 'email', 'sms', 'post')),
  constraint call_item_status_check check (status in ('open', 'done', 'skipped', 'held-out', 'no-channel')),
  constraint call_item_list_fkey foreign key (call_list_id) references call_list (id) on delete cascade,
  constraint call_item_customer_fkey foreign key (customer_id) references customer (id) on delete cascade,
  constraint call_item_rep_fkey foreign key (rep_id) references staff (id) on delete set null
);
create index call_item_rep_day_idx on call_item (day, rep_id, rank);
create index call_item_open_customer_idx on call_item (customer_id, day) where status = 'open';
