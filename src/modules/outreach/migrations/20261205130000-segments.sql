-- Saved segments: a named condition tree over customer data (profile, lifecycle, aggregates,
-- scores), evaluated live whenever it is used. The definition is checked by the application
-- (outreach/segments/definition.ts and compile-segment.ts) before it is stored.
create table segment (
  id uuid not null,
  name text not null,
  description text not null default '',
  definition jsonb not null,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  constraint segment_pkey primary key (id),
  constraint segment_name_key unique (name),
  constraint segment_name_check check (length(name) between 1 and 120),
  constraint segment_created_by_fkey foreign key (created_by) references staff (id) on delete set null,
  constraint segment_updated_by_fkey foreign key (updated_by) references staff (id) on delete set null
);
