-- Promises: what a rep told a customer they would do ("I'll call you back Thursday with the
-- refund"). They are tasks like a playbook's — due date, assignee, completed by logging what was
-- done — so they show in the rep's inbox and the call guide, but they need no case: made on a
-- call, they belong to the customer. A promise made while working a case may name it.
alter table task drop constraint task_type_check;
alter table task add constraint task_type_check
  check (type in ('call', 'email', 'gesture', 'survey', 'check-in', 'task', 'promise'));
alter table task alter column case_id drop not null;
alter table task alter column step_index drop not null;
-- Playbook tasks have a case and a step; promises have no step, and a case only when made on one.
alter table task add constraint task_origin_check
  check (case when type = 'promise' then step_index is null else case_id is not null and step_index is not null end);
create index task_customer_open_idx on task (customer_id, due_at) where status = 'open';
