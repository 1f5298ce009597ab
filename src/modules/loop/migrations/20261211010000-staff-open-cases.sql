-- Routing picks the least-loaded on-shift staff member for every new case. Counting their open
-- cases read every open case of the candidates (all open cases, for a team that covers them all):
-- one index scan per flag, growing with the backlog. This table keeps the count per staff member,
-- with the time they were last given a case (the round-robin tie-break), so routing reads one row
-- per candidate however many cases are open.
--
-- Kept by a trigger on every path that opens, assigns, reassigns, resolves, reopens or deletes a
-- case (including "on delete set null" of a staff member). The trigger is deferred to commit, so
-- the row lock on a busy staff member's counter is held for the commit only, not for the rest of
-- a case's transaction; a transaction therefore does not see its own assignments in the counts
-- (every path assigns one case per transaction). Decrements only update: a deleted staff
-- member's row is never brought back. No foreign key, for the same reason.
create table loop_staff_open_cases (
  staff_id uuid not null,
  open integer not null default 0,
  last_assigned_at timestamptz,
  constraint loop_staff_open_cases_pkey primary key (staff_id)
);

insert into loop_staff_open_cases (staff_id, open, last_assigned_at)
select assignee_id, count(*) filter (where status <> 'resolved'), max(assigned_at)
from loop_case where assignee_id is not null group by assignee_id;

create function loop_staff_open_cases_apply() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.assignee_id is not null and old.status <> 'resolved' then
    update loop_staff_open_cases set open = open - 1 where staff_id = old.assignee_id;
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.assignee_id is not null then
    insert into loop_staff_open_cases as c (staff_id, open, last_assigned_at)
    values (new.assignee_id, case when new.status <> 'resolved' then 1 else 0 end, new.assigned_at)
    on conflict (staff_id) do update
      set open = c.open + excluded.open,
          last_assigned_at = greatest(c.last_assigned_at, excluded.last_assigned_at);
  end if;
  return null;
end $$;

create constraint trigger loop_staff_open_cases_insert
  after insert on loop_case deferrable initially deferred
  for each row when (new.assignee_id is not null)
  execute function loop_staff_open_cases_apply();
-- Only changes that move a count or the last assignment: SLA marks, snoozes and titles do not.
create constraint trigger loop_staff_open_cases_update
  after update on loop_case deferrable initially deferred
  for each row when (old.assignee_id is distinct from new.assignee_id
    or (old.status = 'resolved') <> (new.status = 'resolved')
    or old.assigned_at is distinct from new.assigned_at)
  execute function loop_staff_open_cases_apply();
create constraint trigger loop_staff_open_cases_delete
  after delete on loop_case deferrable initially deferred
  for each row when (old.assignee_id is not null)
  execute function loop_staff_open_cases_apply();
