-- Ingest asks which enabled event rules can match a touchpoint on every batch. Each process keeps
-- those rules in memory and reads only this one row per batch: when a rule that matters to the
-- index changes (in any process, by any path, even by hand in psql), the trigger gives the row a
-- new random version and every process reloads at its next batch. Random rather than a counter, so
-- two databases (a copy, a test template) never share a version with different rules.
create table red_flag_rule_version (
  id boolean not null default true,
  version uuid not null default gen_random_uuid(),
  constraint red_flag_rule_version_pkey primary key (id),
  constraint red_flag_rule_version_one_row check (id)
);
insert into red_flag_rule_version default values;

create function red_flag_rule_bump_version() returns trigger language plpgsql as $$
begin
  update red_flag_rule_version set version = gen_random_uuid();
  return null;
end $$;

-- Error counts and names are written often and do not change what a rule matches: only these
-- columns move the version.
create trigger red_flag_rule_version_update
  after update on red_flag_rule for each row
  when (old.enabled is distinct from new.enabled or old.trigger is distinct from new.trigger
    or old.event_kinds is distinct from new.event_kinds or old.event_channels is distinct from new.event_channels
    or old.condition is distinct from new.condition)
  execute function red_flag_rule_bump_version();
create trigger red_flag_rule_version_insert_delete
  after insert or delete on red_flag_rule for each statement
  execute function red_flag_rule_bump_version();
