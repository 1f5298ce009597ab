-- Customer events (loyalty) hold out a share of their invitees like any other program.
alter table outreach_program drop constraint outreach_program_kind_check;
alter table outreach_program add constraint outreach_program_kind_check
  check (kind in ('campaign', 'call-list', 'win-back', 'playbook', 'offer', 'event', 'global-control'));
