create table staff (
  id uuid not null,
  email text not null,
  name text not null,
  role text not null,
  password_hash text not null,
  time_zone text not null default 'UTC',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  constraint staff_pkey primary key (id),
  constraint staff_role_check check (role in ('admin', 'manager', 'agent')),
  constraint staff_email_check check (email = lower(email) and position('@' in email) > 1)
);
create unique index staff_email_key on staff (email);

-- Sessions and keys are stored as SHA-256 of a 256-bit random secret: a leaked table
-- yields nothing usable, and lookup stays a single index probe.
create table staff_session (
  token_hash bytea not null,
  staff_id uuid not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  constraint staff_session_pkey primary key (token_hash),
  constraint staff_session_staff_fkey foreign key (staff_id) references staff (id) on delete cascade
);
create index staff_session_staff_idx on staff_session (staff_id);

create table api_key (
  id uuid not null,
  name text not null,
  prefix text not null,
  key_hash bytea not null,
  scopes text[] not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  constraint api_key_pkey primary key (id),
  constraint api_key_hash_key unique (key_hash),
  constraint api_key_created_by_fkey foreign key (created_by) references staff (id) on delete set null,
  constraint api_key_scopes_check check (scopes <@ array['ingest', 'read', 'write', 'admin']::text[] and cardinality(scopes) > 0)
);

-- Who read or changed which customer record, when and from where. Append-only.
create table audit_log (
  id bigint generated always as identity,
  at timestamptz not null default now(),
  actor_kind text not null,
  actor_id uuid,
  action text not null,
  customer_id uuid,
  target text,
  details jsonb not null default '{}',
  ip text,
  constraint audit_log_pkey primary key (id),
  constraint audit_log_actor_kind_check check (actor_kind in ('staff', 'api_key', 'system'))
);
create index audit_log_customer_idx on audit_log (customer_id, at desc) where customer_id is not null;
create index audit_log_actor_idx on audit_log (actor_id, at desc);
