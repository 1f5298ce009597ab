-- The closed loop: red-flag rules raise alerts; alerts gather in one open case per customer;
-- cases are routed, timed against SLAs, worked through playbook tasks and resolved with an outcome.

create table playbook (
  id uuid not null,
  key text not null,
  name text not null,
  description text not null default '',
  -- Ordered steps: [{ type, title, dueAfterHours, channel?, template? }]; tasks are made from them.
  steps jsonb not null,
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint playbook_pkey primary key (id),
  constraint playbook_key_key unique (key),
  constraint playbook_key_check check (key ~ '^[a-z][a-z0-9-]{0,39}$'),
  constraint playbook_steps_check check (jsonb_typeof(steps) = 'array')
);

create table red_flag_rule (
  id uuid not null,
  key text not null,
  name text not null,
  description text not null default '',
  enabled boolean not null default true,
  -- 'event': evaluated as each touchpoint arrives; 'schedule': every night over active customers.
  trigger text not null,
  event_kinds text[] not null default '{}',
  event_channels text[] not null default '{}',
  condition text not null,
  severity text not null,
  playbook_id uuid,
  notify text[] not null default '{in-app,email,webhook}',
  -- A rule that fired for a customer stays quiet for them this long (nightly rules would otherwise
  -- raise the same silence every night).
  cooldown_days integer not null default 0,
  builtin boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint red_flag_rule_pkey primary key (id),
  constraint red_flag_rule_key_key unique (key),
  constraint red_flag_rule_key_check check (key ~ '^[a-z][a-z0-9-]{0,39}$'),
  constraint red_flag_rule_trigger_check check (trigger in ('event', 'schedule')),
  constraint red_flag_rule_severity_check check (severity in ('low', 'medium', 'high', 'critical')),
  constraint red_flag_rule_notify_check check (notify <@ array['in-app', 'email', 'webhook']::text[]),
  constraint red_flag_rule_cooldown_check check (cooldown_days between 0 and 3650),
  constraint red_flag_rule_playbook_fkey foreign key (playbook_id) references playbook (id) on delete set null
);

-- Minutes are business minutes of the assigned team; warnings fire at warn_at_percent of each.
create table sla_policy (
  severity text not null,
  first_contact_minutes integer not null,
  resolution_minutes integer not null,
  warn_at_percent integer not null default 75,
  constraint sla_policy_pkey primary key (severity),
  constraint sla_policy_severity_check check (severity in ('low', 'medium', 'high', 'critical')),
  constraint sla_policy_minutes_check check (first_contact_minutes > 0 and resolution_minutes >= first_contact_minutes),
  constraint sla_policy_warn_check check (warn_at_percent between 1 and 99)
);

create table root_cause (
  key text not null,
  label text not null,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  constraint root_cause_pkey primary key (key),
  constraint root_cause_key_check check (key ~ '^[a-z][a-z0-9-]{0,39}$')
);

create table loop_case (
  customer_id uuid not null,
  id uuid not null,
  status text not null default 'open',
  severity text not null,
  priority smallint not null,
  title text not null,
  team_id uuid,
  assignee_id uuid,
  assigned_at timestamptz,
  -- Set while the case waits for team_id to come on shift; the sweep assigns it then.
  queued_until timestamptz,
  opened_at timestamptz not null,
  first_contact_at timestamptz,
  first_contact_warn_at timestamptz,
  first_contact_due_at timestamptz,
  resolution_warn_at timestamptz,
  resolution_due_at timestamptz,
  escalated_at timestamptz,
  snoozed_until timestamptz,
  resolved_at timestamptz,
  outcome text,
  root_causes text[] not null default '{}',
  resolution_note text,
  playbook_id uuid,
  -- Recorded so that cases with and without a playbook can be compared (holdouts later).
  playbook_applied boolean not null default false,
  customer_value_minor bigint not null default 0,
  value_currency text,
  -- Bumped on reopen: SLA warnings and breaches fire once per cycle.
  cycle integer not null default 0,
  -- SLA stages already handled this cycle (1 first-contact warning, 2 first-contact breach,
  -- 4 resolution warning, 8 resolution breach), so the sweep never rescans a handled case.
  sla_state smallint not null default 0,
  follow_up jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint loop_case_pkey primary key (customer_id, id),
  constraint loop_case_customer_fkey foreign key (customer_id) references customer (id),
  constraint loop_case_team_fkey foreign key (team_id) references team (id) on delete set null,
  constraint loop_case_assignee_fkey foreign key (assignee_id) references staff (id) on delete set null,
  constraint loop_case_playbook_fkey foreign key (playbook_id) references playbook (id) on delete set null,
  constraint loop_case_status_check check (status in ('open', 'snoozed', 'resolved')),
  constraint loop_case_severity_check check (severity in ('low', 'medium', 'high', 'critical')),
  constraint loop_case_priority_check check (priority between 1 and 4),
  constraint loop_case_outcome_check check (
    outcome in ('saved', 'recovered', 'churned', 'no-response', 'not-an-issue')),
  constraint loop_case_resolved_check check ((status = 'resolved') = (resolved_at is not null))
);
-- The arbiter of "one open case per customer": concurrent flags for one customer race on this
-- index, and the loser adds its alert to the winner's case.
create unique index loop_case_one_open_key on loop_case (customer_id) where status <> 'resolved';
create index loop_case_id_idx on loop_case (id);
create index loop_case_assignee_idx on loop_case (assignee_id, priority, opened_at) where status <> 'resolved';
create index loop_case_team_idx on loop_case (team_id, priority, opened_at) where status <> 'resolved';
create index loop_case_resolved_idx on loop_case (resolved_at) where status = 'resolved';

-- One row per red flag: (customer, rule, trigger key) is unique, so a retried evaluation of the
-- same event or the same night never raises it twice.
create table alert (
  customer_id uuid not null,
  id bigint generated always as identity,
  rule_id uuid not null,
  case_id uuid not null,
  trigger_key text not null,
  severity text not null,
  summary text not null,
  event jsonb,
  raised_at timestamptz not null default now(),
  constraint alert_pkey primary key (customer_id, id),
  constraint alert_trigger_key unique (customer_id, rule_id, trigger_key),
  constraint alert_case_fkey foreign key (customer_id, case_id) references loop_case (customer_id, id),
  constraint alert_rule_fkey foreign key (rule_id) references red_flag_rule (id) on delete cascade
);
create index alert_case_idx on alert (customer_id, case_id);
create index alert_rule_recent_idx on alert (rule_id, customer_id, raised_at desc);

-- The case history. `dedupe_key` makes once-only events (an SLA warning per cycle) idempotent.
create table case_event (
  customer_id uuid not null,
  case_id uuid not null,
  id bigint generated always as identity,
  at timestamptz not null,
  kind text not null,
  actor_id uuid,
  details jsonb not null default '{}',
  dedupe_key text,
  constraint case_event_pkey primary key (customer_id, id),
  constraint case_event_dedupe_key unique (customer_id, case_id, dedupe_key),
  constraint case_event_case_fkey foreign key (customer_id, case_id) references loop_case (customer_id, id),
  constraint case_event_actor_fkey foreign key (actor_id) references staff (id) on delete set null
);
create index case_event_case_idx on case_event (customer_id, case_id, id);

create table task (
  customer_id uuid not null,
  id uuid not null,
  case_id uuid not null,
  step_index integer not null,
  type text not null,
  title text not null,
  channel text,
  -- Why the channel differs from the step's (the customer does not accept phone calls, say).
  note text,
  template text,
  due_at timestamptz not null,
  assignee_id uuid,
  status text not null default 'open',
  completed_at timestamptz,
  completed_by uuid,
  interaction_source_id text,
  created_at timestamptz not null default now(),
  constraint task_pkey primary key (customer_id, id),
  constraint task_step_key unique (customer_id, case_id, step_index),
  constraint task_case_fkey foreign key (customer_id, case_id) references loop_case (customer_id, id),
  constraint task_assignee_fkey foreign key (assignee_id) references staff (id) on delete set null,
  constraint task_completed_by_fkey foreign key (completed_by) references staff (id) on delete set null,
  constraint task_status_check check (status in ('open', 'done', 'cancelled')),
  constraint task_type_check check (type in ('call', 'email', 'gesture', 'survey', 'check-in', 'task'))
);
create index task_id_idx on task (id);
create index task_assignee_idx on task (assignee_id, due_at) where status = 'open';

-- In-app and email notifications to staff. `dedupe_key` makes each one exactly-once.
create table notification (
  id uuid not null,
  recipient_id uuid not null,
  customer_id uuid,
  case_id uuid,
  channel text not null,
  kind text not null,
  title text not null,
  body text not null,
  dedupe_key text not null,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  read_at timestamptz,
  error text,
  constraint notification_pkey primary key (id),
  constraint notification_dedupe_key unique (dedupe_key),
  constraint notification_recipient_fkey foreign key (recipient_id) references staff (id) on delete cascade,
  constraint notification_channel_check check (channel in ('in-app', 'email'))
);
create index notification_recipient_idx on notification (recipient_id, created_at desc) where channel = 'in-app';

create table webhook_endpoint (
  id uuid not null,
  url text not null,
  description text not null default '',
  -- Standard Webhooks secret, "whsec_" + base64 of 32 random bytes.
  secret text not null,
  format text not null default 'standard',
  event_types text[] not null default '{}',
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  constraint webhook_endpoint_pkey primary key (id),
  constraint webhook_endpoint_format_check check (format in ('standard', 'slack')),
  constraint webhook_endpoint_url_check check (url ~ '^https?://')
);

create table webhook_delivery (
  id text not null,
  endpoint_id uuid not null,
  event_type text not null,
  payload jsonb not null,
  dedupe_key text not null,
  status text not null default 'pending',
  attempts integer not null default 0,
  last_status_code integer,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  constraint webhook_delivery_pkey primary key (id),
  constraint webhook_delivery_dedupe_key unique (endpoint_id, dedupe_key),
  constraint webhook_delivery_endpoint_fkey foreign key (endpoint_id) references webhook_endpoint (id) on delete cascade,
  constraint webhook_delivery_status_check check (status in ('pending', 'delivered', 'failed'))
);
create index webhook_delivery_endpoint_idx on webhook_delivery (endpoint_id, created_at desc);

create table webhook_attempt (
  delivery_id text not null,
  attempt integer not null,
  at timestamptz not null default now(),
  status_code integer,
  error text,
  duration_ms integer not null,
  constraint webhook_attempt_pkey primary key (delivery_id, attempt),
  constraint webhook_attempt_delivery_fkey foreign key (delivery_id) references webhook_delivery (id) on delete cascade
);

-- Shipped defaults, all editable. Business minutes: critical 1 h / 1 day, high 4 h / 3 days…
insert into sla_policy (severity, first_contact_minutes, resolution_minutes) values
  ('critical', 60, 480), ('high', 240, 1440), ('medium', 480, 2880), ('low', 1440, 4800);

insert into root_cause (key, label) values
  ('price', 'Price or value for money'), ('product-quality', 'Product quality'),
  ('service', 'Service experience'), ('delivery', 'Delivery or availability'),
  ('billing', 'Billing error'), ('competitor', 'Competitor offer'),
  ('no-longer-needed', 'No longer needed'), ('communication', 'Communication'), ('other', 'Other');

insert into playbook (id, key, name, description, steps) values
  (gen_random_uuid(), 'detractor-recovery', 'Detractor recovery',
   'Call fast, apologise, make it right, then ask again whether it was fixed.',
   '[{"type":"call","title":"Call the customer","dueAfterHours":24},
     {"type":"email","title":"Send an apology email","dueAfterHours":24,"template":"apology"},
     {"type":"gesture","title":"Offer a goodwill gesture","dueAfterHours":72},
     {"type":"survey","title":"Follow-up survey: did we fix it?","dueAfterHours":336},
     {"type":"check-in","title":"Check in after 30 days","dueAfterHours":720}]'),
  (gen_random_uuid(), 'check-in', 'Proactive check-in',
   'A friendly call to a customer we have not heard from, and a note of what they said.',
   '[{"type":"call","title":"Check-in call","dueAfterHours":72},
     {"type":"check-in","title":"Check in again after 30 days","dueAfterHours":720}]');

insert into red_flag_rule (id, key, name, description, trigger, event_kinds, condition, severity, playbook_id, cooldown_days, builtin)
select gen_random_uuid(), r.key, r.name, r.description, r.trigger, r.kinds, r.condition, r.severity,
       (select id from playbook p where p.key = r.playbook), r.cooldown, true
from (values
  ('nps-detractor', 'NPS detractor', 'An NPS answer of 6 or less.', 'event', '{survey-response}'::text[],
   'event.properties.type == "nps" && has(event.properties.score) && event.properties.score <= 6', 'high', 'detractor-recovery', 0),
  ('csat-low', 'Low CSAT', 'A CSAT answer of 2 or less (out of 5).', 'event', '{survey-response}'::text[],
   'event.properties.type == "csat" && has(event.properties.score) && event.properties.score <= 2', 'high', 'detractor-recovery', 0),
  ('negative-sentiment', 'Negative sentiment', 'A comment or message whose sentiment is clearly negative.', 'event', '{}'::text[],
   'event.sentiment != null && event.sentiment <= -0.5', 'medium', 'check-in', 0),
  ('complaint-ticket', 'Complaint', 'A support ticket or message classified as a complaint.', 'event', '{ticket,complaint}'::text[],
   'event.kind == "complaint" || (has(event.properties.type) && event.properties.type == "complaint") || (has(event.properties.category) && event.properties.category == "complaint")',
   'high', 'detractor-recovery', 0),
  ('cancellation-intent', 'Cancellation or downgrade intent', 'The customer asks to cancel or downgrade, or says so in a comment.', 'event', '{}'::text[],
   'event.kind in ["cancellation-request", "downgrade-request", "cancel", "downgrade"] || (has(event.properties.intent) && event.properties.intent in ["cancel", "downgrade"]) || (has(event.properties.comment) && event.properties.comment.lowerAscii().matches("\\b(cancel|downgrad|close my account|switch(ing)? to)"))',
   'critical', 'detractor-recovery', 0),
  ('no-contact-90d', 'No contact in 90 days', 'An active customer we have not spoken with for 90 days.', 'schedule', '{}'::text[],
   'customer.status == "active" && customer.tenureDays >= 90 && (customer.daysSinceLastContact == null || customer.daysSinceLastContact >= 90)',
   'low', 'check-in', 30),
  ('purchase-rhythm-broken', 'High-value customer stopped buying', 'A high-value customer whose time since the last purchase is over twice their usual gap.', 'schedule', '{}'::text[],
   'customer.highValue && customer.purchaseCount >= 3 && customer.daysSinceLastPurchase > 2.0 * customer.meanPurchaseIntervalDays',
   'medium', 'check-in', 30),
  ('health-drop', 'Health score falling', 'Health fell 20 points or more below its 30-day high (needs insight scores).', 'schedule', '{}'::text[],
   'has(scores.healthDrop30d) && scores.healthDrop30d >= 20', 'medium', 'check-in', 30)
) as r(key, name, description, trigger, kinds, condition, severity, playbook, cooldown);
