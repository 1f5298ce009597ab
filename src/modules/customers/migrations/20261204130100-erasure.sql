-- Erasure keeps a customer's row (so counts, amounts and dates in reports stay true) but blanks
-- everything that identifies them; erased_at says it happened.
alter table customer add column erased_at timestamptz;

-- The timeline stays append-only, with one sanctioned exception: erasure. The erase function
-- (privacy module) sets tenure.erasing_customer to the customer it erases, transaction-locally
-- (set_config(..., true)), records the erasure in the audit log in the same transaction, and may
-- then blank the personal columns (subject, body, properties, source_id) of that customer's
-- touchpoints only. When, what kind, which channel, how much and who stay exactly as they were;
-- deletes are never allowed.
create or replace function interaction_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE'
     and old.customer_id::text = current_setting('tenure.erasing_customer', true)
     and new.customer_id = old.customer_id and new.id = old.id
     and new.occurred_at = old.occurred_at and new.recorded_at = old.recorded_at
     and new.channel = old.channel and new.kind = old.kind
     and new.direction is not distinct from old.direction
     and new.staff_id is not distinct from old.staff_id
     and new.amount_minor is not distinct from old.amount_minor
     and new.currency is not distinct from old.currency
     and new.sentiment is not distinct from old.sentiment
     and new.source = old.source
  then
    return new;
  end if;
  raise exception 'the timeline is append-only: % on interaction is not allowed', tg_op
    using errcode = 'P0001';
end $$;
