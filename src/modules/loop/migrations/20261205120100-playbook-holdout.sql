-- Playbook holdouts (docs/loop.md, "Playbook holdouts"): which arm of its playbook's holdout a
-- case's customer is in. Null for cases opened before holdouts, or without a playbook.
alter table loop_case add column playbook_arm text;
alter table loop_case add constraint loop_case_playbook_arm_check
  check (playbook_arm in ('treated', 'held-out', 'global-control'));
