-- A condition that cannot be evaluated for a customer or touchpoint (a null compared without a
-- check, a score read before insight has run) raises nothing; it is counted here so the rule
-- shows that it is failing instead of looking quiet. Reset when the condition is changed.
alter table red_flag_rule
  add column error_count bigint not null default 0,
  add column last_error text,
  add column last_error_at timestamptz;
