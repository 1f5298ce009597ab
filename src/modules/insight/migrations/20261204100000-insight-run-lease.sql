-- Scoring runs hold a lease: the running process renews lease_until while it is alive, and names
-- itself (host, pid) so a run on the same machine whose process is gone can be recognised at once.
-- A run is cancelled by setting its status to 'cancelled'; the process sees it at its next renewal.
alter table insight_run add column lease_until timestamptz;
alter table insight_run add column host text;
alter table insight_run add column pid integer;
alter table insight_run drop constraint insight_run_status_check;
alter table insight_run add constraint insight_run_status_check
  check (status in ('running', 'succeeded', 'failed', 'cancelled'));
-- Runs left 'running' by a version without leases have no process renewing them.
update insight_run set status = 'failed', finished_at = now(),
  error = 'Stopped without finishing (from before scoring runs held a lease)'
where status = 'running';
