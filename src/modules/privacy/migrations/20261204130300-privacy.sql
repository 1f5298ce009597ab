-- Retention chosen by an admin: anonymous survey answers and the detail of audit entries older
-- than this many days are deleted (answers) or cleared (audit detail and address) every night.
-- Null keeps them.
create table privacy_settings (
  id smallint not null default 1,
  anonymous_answers_days integer,
  audit_detail_days integer,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  constraint privacy_settings_pkey primary key (id),
  constraint privacy_settings_single_check check (id = 1),
  constraint privacy_settings_anonymous_check check (anonymous_answers_days between 1 and 36500),
  constraint privacy_settings_audit_check check (audit_detail_days between 1 and 36500),
  constraint privacy_settings_updated_by_fkey foreign key (updated_by) references staff (id) on delete set null
);
insert into privacy_settings (id) values (1);
