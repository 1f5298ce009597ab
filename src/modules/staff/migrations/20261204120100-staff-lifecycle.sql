-- Idle timeout: a session ends after a stretch without requests (written at most once a minute).
alter table staff_session add column last_seen_at timestamptz not null default now();

alter table staff add column deactivated_at timestamptz;

-- Failed sign-ins per account ('acct:<email>') and per address ('addr:<ip>'): each failure past
-- a free allowance doubles the wait before the next attempt is even checked. Unknown emails are
-- counted too, so the answer never tells which accounts exist.
create table staff_sign_in_failure (
  key text not null,
  failures integer not null,
  last_failure_at timestamptz not null,
  constraint staff_sign_in_failure_pkey primary key (key)
);
