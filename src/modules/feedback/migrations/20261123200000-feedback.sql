-- Surveys, their versions, sends (one personal link each), responses, triggers, and the theme
-- lexicon. A survey's questions are versioned: editing a live survey writes a new version and
-- every response points at the version it answered, so old answers keep their meaning.

create table survey (
  id uuid not null,
  name text not null,
  status text not null default 'live',
  current_version integer not null default 1,
  -- {points?: int, code?: text, description?: text}: granted once per response via loyalty.
  incentive jsonb,
  reminder_after_days integer,
  link_valid_days integer not null default 30,
  anonymous_form boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint survey_pkey primary key (id),
  constraint survey_status_check check (status in ('live', 'archived')),
  constraint survey_reminder_check check (reminder_after_days between 1 and 60),
  constraint survey_link_valid_check check (link_valid_days between 1 and 365)
);

create table survey_version (
  survey_id uuid not null,
  version integer not null,
  -- {title, intro, thanks, emailSubject, questions: [...]}, validated by the module's zod schema.
  content jsonb not null,
  created_at timestamptz not null default now(),
  constraint survey_version_pkey primary key (survey_id, version),
  constraint survey_version_survey_fkey foreign key (survey_id) references survey (id)
);

-- One personal invitation: one customer, one survey version, one link. `dedupe_key` makes every
-- way of creating a send idempotent: a trigger firing twice for one interaction, an API retry.
create table survey_send (
  customer_id uuid not null,
  id uuid not null,
  survey_id uuid not null,
  survey_version integer not null,
  channel text not null,
  dedupe_key text not null,
  trigger_id uuid,
  case_id uuid,
  status text not null default 'pending',
  status_reason text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  expires_at timestamptz not null,
  reminders_sent integer not null default 0,
  reminder_note text,
  answered_at timestamptz,
  constraint survey_send_pkey primary key (customer_id, id),
  constraint survey_send_dedupe_key unique (customer_id, dedupe_key),
  constraint survey_send_customer_fkey foreign key (customer_id) references customer (id),
  constraint survey_send_version_fkey foreign key (survey_id, survey_version) references survey_version (survey_id, version),
  constraint survey_send_status_check check (status in ('pending', 'sending', 'sent', 'skipped', 'failed')),
  constraint survey_send_channel_check check (channel in ('email', 'web'))
);
create index survey_send_survey_idx on survey_send (survey_id, created_at desc);

-- Anonymous website feedback has no customer, hence the nullable customer_id; customer answers
-- are unique per (customer_id, id) for distribution by customer later.
create table survey_response (
  id uuid not null,
  customer_id uuid,
  survey_id uuid not null,
  survey_version integer not null,
  send_id uuid,
  channel text not null,
  via text not null,
  staff_id uuid,
  type text not null,
  score smallint,
  comment text,
  answers jsonb not null,
  sentiment real,
  auto_themes text[] not null default '{}',
  themes text[] not null default '{}',
  -- The customer's status and lifecycle stage when they answered: segments of the summary.
  customer_status text,
  lifecycle_stage text,
  incentive jsonb,
  case_id uuid,
  source_key text,
  respondent jsonb,
  responded_at timestamptz not null,
  recorded_at timestamptz not null default now(),
  settled_at timestamptz,
  constraint survey_response_pkey primary key (id),
  constraint survey_response_customer_key unique (customer_id, id),
  -- One answer per personal link: a second post of the same link is a duplicate.
  constraint survey_response_send_key unique (customer_id, send_id),
  -- Staff entry and CSV import name their answers (card number, row hash): re-entry is a duplicate.
  constraint survey_response_source_key unique (survey_id, source_key),
  constraint survey_response_customer_fkey foreign key (customer_id) references customer (id),
  constraint survey_response_staff_fkey foreign key (staff_id) references staff (id),
  constraint survey_response_version_fkey foreign key (survey_id, survey_version)
    references survey_version (survey_id, version),
  constraint survey_response_via_check check (via in ('link', 'widget', 'web-form', 'staff', 'import')),
  constraint survey_response_sentiment_check check (sentiment between -1 and 1)
);
create index survey_response_time_idx on survey_response (responded_at);
create index survey_response_survey_idx on survey_response (survey_id, responded_at desc, id desc);
create index survey_response_themes_idx on survey_response using gin (themes);

-- Staff corrections of themes, kept as history (and to learn from later).
create table survey_response_theme_correction (
  response_id uuid not null,
  id bigint generated always as identity,
  theme text not null,
  action text not null,
  staff_id uuid,
  created_at timestamptz not null default now(),
  constraint survey_response_theme_correction_pkey primary key (response_id, id),
  constraint survey_response_theme_correction_response_fkey foreign key (response_id) references survey_response (id),
  constraint survey_response_theme_correction_staff_fkey foreign key (staff_id) references staff (id),
  constraint survey_response_theme_correction_action_check check (action in ('add', 'remove'))
);

-- The curated theme lexicon: phrases ("never called back") and prefixes ("wait*").
create table feedback_theme (
  slug text not null,
  label text not null,
  patterns text[] not null,
  builtin boolean not null default false,
  active boolean not null default true,
  updated_at timestamptz not null default now(),
  constraint feedback_theme_pkey primary key (slug),
  constraint feedback_theme_slug_check check (slug ~ '^[a-z][a-z0-9-]{0,39}$')
);
insert into feedback_theme (slug, label, builtin, patterns) values
  ('wait-time', 'Wait time', true, '{wait*,queue*,slow*,took forever,took ages,long time,delay*,on hold}'),
  ('rude', 'Rude or unfriendly', true, '{rude*,impolite,unfriendly,dismissive*,disrespect*,arrogant,condescending,attitude}'),
  ('price', 'Price', true, '{price*,pricing,expensive,overpriced,cost*,afford*,cheaper,too much money}'),
  ('broken-promise', 'Broken promise', true,
    '{promis*,never call* back,nobody call* back,no one call* back,did not call* back,didn''t call* back,never heard back,said they would,was told,guarantee*}'),
  ('billing', 'Billing', true, '{bill,billed,billing,invoice*,charged,overcharg*,double charged,refund*,payment*}'),
  ('helpful-staff', 'Helpful staff', true, '{helpful,friendly,courteous,knowledgeable,polite}'),
  ('product-quality', 'Product quality', true, '{quality,defect*,faulty,stopped working,broke down,poorly made}'),
  ('delivery', 'Delivery', true, '{deliver*,shipping,shipped,courier,parcel,arrived late}'),
  ('website', 'Website and app', true, '{website,web site,app,log in,login,checkout,online shop}');

-- "Send survey S by channel C, D hours after an interaction of kind K, to customers matching a
-- condition." Fired by a listener inside the ingest transaction, delivered by a durable job.
create table survey_trigger (
  id uuid not null,
  survey_id uuid not null,
  channel text not null,
  interaction_kind text not null,
  delay_hours double precision not null,
  condition jsonb not null default '{}',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint survey_trigger_pkey primary key (id),
  constraint survey_trigger_survey_fkey foreign key (survey_id) references survey (id),
  constraint survey_trigger_channel_check check (channel in ('email')),
  constraint survey_trigger_delay_check check (delay_hours between 0 and 8760)
);
create index survey_trigger_kind_idx on survey_trigger (interaction_kind) where active;
