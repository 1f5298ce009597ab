-- array_to_string is only STABLE in general, but for text[] it cannot change: safe to wrap.
create function customer_search_text(name text, emails text[]) returns text
  language sql immutable parallel safe
  as $$ select lower(coalesce(name, '') || ' ' || array_to_string(emails, ' ')) $$;

create table customer (
  id uuid not null,
  name text,
  emails text[] not null default '{}',
  phones text[] not null default '{}',
  address jsonb,
  time_zone text,
  locale text,
  status text not null default 'active',
  lifecycle_stage text,
  custom_fields jsonb not null default '{}',
  owner_id uuid,
  first_seen_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Lower-cased name and emails in one string: one trigram index serves the search box.
  search_text text generated always as (customer_search_text(name, emails)) stored,
  constraint customer_pkey primary key (id),
  constraint customer_status_check check (status in ('active', 'lapsed', 'churned')),
  constraint customer_owner_fkey foreign key (owner_id) references staff (id) on delete set null
);
create index customer_search_trgm_idx on customer using gin (search_text gin_trgm_ops);
create index customer_search_prefix_idx on customer (search_text text_pattern_ops);
create index customer_owner_idx on customer (owner_id) where owner_id is not null;

-- External ids from every source system. (source, external_id) names one customer.
create table customer_identity (
  customer_id uuid not null,
  source text not null,
  external_id text not null,
  created_at timestamptz not null default now(),
  constraint customer_identity_pkey primary key (customer_id, source, external_id),
  constraint customer_identity_source_key unique (source, external_id),
  constraint customer_identity_customer_fkey foreign key (customer_id) references customer (id) on delete cascade
);
create index customer_identity_external_idx on customer_identity (external_id);

-- The timeline. Append-only (enforced below). Idempotency key is (customer, source, source_id):
-- a retried event resolves to the same customer, and keeping customer_id in the key lets the
-- table be distributed by customer_id later.
create table interaction (
  customer_id uuid not null,
  id bigint generated always as identity,
  occurred_at timestamptz not null,
  recorded_at timestamptz not null default now(),
  channel text not null,
  kind text not null,
  direction text,
  staff_id uuid,
  amount_minor bigint,
  currency text,
  sentiment real,
  subject text,
  body text,
  properties jsonb not null default '{}',
  source text not null,
  source_id text not null,
  constraint interaction_pkey primary key (customer_id, id),
  constraint interaction_source_key unique (customer_id, source, source_id),
  constraint interaction_customer_fkey foreign key (customer_id) references customer (id),
  constraint interaction_staff_fkey foreign key (staff_id) references staff (id),
  constraint interaction_channel_check check (
    channel in ('email', 'phone', 'sms', 'chat', 'web', 'in-person', 'mail', 'social', 'app', 'system')),
  constraint interaction_kind_check check (kind ~ '^[a-z][a-z0-9-]{0,39}$'),
  constraint interaction_direction_check check (direction in ('inbound', 'outbound', 'internal')),
  constraint interaction_amount_check check ((amount_minor is null) = (currency is null)),
  constraint interaction_currency_check check (currency ~ '^[A-Z]{3}$'),
  constraint interaction_sentiment_check check (sentiment between -1 and 1)
);
create index interaction_timeline_idx on interaction (customer_id, occurred_at desc, id desc);

create function interaction_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'the timeline is append-only: % on interaction is not allowed', tg_op
    using errcode = 'P0001';
end $$;
create trigger interaction_append_only before update or delete on interaction
  for each row execute function interaction_append_only();
