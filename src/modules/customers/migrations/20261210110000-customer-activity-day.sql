-- What the scoring run's engagement features count, per customer, UTC day and currency, so that a
-- run reads these rows instead of the whole timeline. The features' windows are whole UTC days
-- (a reference day and the N days before it, ending at UTC midnight), so daily UTC buckets give
-- exactly the counts, sums and latest days the timeline gives. Currency is '' for touchpoints
-- without one; the counts of a day are the sum over its currency rows.
create table customer_activity_day (
  customer_id uuid not null references customer (id) on delete cascade,
  day date not null,
  currency text not null,
  -- Touchpoints on a channel other than 'system' (what "last touch" and "touches" count).
  touches integer not null,
  -- Tickets and complaints.
  tickets integer not null,
  purchases integer not null,
  -- Purchases with an amount, and the sum of those amounts (in `currency`).
  priced_purchases integer not null,
  purchase_minor bigint not null,
  -- For the average sentiment: the sum (in double precision, as avg(real) accumulates) and count.
  sentiment_sum double precision not null,
  sentiment_n integer not null,
  -- Status changes to 'churned' (read from properties, which erasure blanks: see below).
  churn_marks integer not null,
  primary key (customer_id, day, currency)
);

-- The statement that adds the activity days of the touchpoints in `source` (the trigger's
-- transition table, or the timeline) of the customers in $1 (all when null): shared by the trigger
-- and the rebuild so that both count alike. Returned as text and run by the caller, because a
-- transition table is visible only to statements the trigger function itself runs.
create function activity_days_statement(source text) returns text language sql immutable as $$
  select format($q$
    insert into customer_activity_day as d (customer_id, day, currency, touches, tickets, purchases,
      priced_purchases, purchase_minor, sentiment_sum, sentiment_n, churn_marks)
    select customer_id, (occurred_at at time zone 'UTC')::date, coalesce(currency, ''),
      count(*) filter (where channel <> 'system'),
      count(*) filter (where kind in ('ticket', 'complaint')),
      count(*) filter (where kind = 'purchase'),
      count(amount_minor) filter (where kind = 'purchase'),
      coalesce(sum(amount_minor) filter (where kind = 'purchase'), 0),
      coalesce(sum(sentiment::float8), 0), count(sentiment),
      count(*) filter (where kind in ('status-change', 'profile-update')
        and properties -> 'changes' -> 'status' ->> 'to' = 'churned')
    from %s
    where $1 is null or customer_id = any($1)
    group by 1, 2, 3
    -- Customer order, as the other rollups, so concurrent batches lock rows in one order.
    order by 1, 2, 3
    on conflict (customer_id, day, currency) do update set
      touches = d.touches + excluded.touches,
      tickets = d.tickets + excluded.tickets,
      purchases = d.purchases + excluded.purchases,
      priced_purchases = d.priced_purchases + excluded.priced_purchases,
      purchase_minor = d.purchase_minor + excluded.purchase_minor,
      sentiment_sum = d.sentiment_sum + excluded.sentiment_sum,
      sentiment_n = d.sentiment_n + excluded.sentiment_n,
      churn_marks = d.churn_marks + excluded.churn_marks$q$, source);
$$;

create function interaction_activity_rollup() returns trigger language plpgsql as $$
begin
  execute activity_days_statement('added') using null::uuid[];
  return null;
end $$;

create trigger interaction_activity_rollup after insert on interaction
  referencing new table as added for each statement execute function interaction_activity_rollup();

-- Recomputes the given customers' activity days (all when null) from the timeline.
create function rebuild_customer_activity(ids uuid[]) returns void language plpgsql as $$
begin
  delete from customer_activity_day where ids is null or customer_id = any(ids);
  execute activity_days_statement('interaction') using ids;
end $$;

-- Erasure (the timeline's only update) blanks properties, which the churn marks read: recount
-- the erased customer's days so the rollup keeps saying what the timeline says.
create function interaction_activity_erased() returns trigger language plpgsql as $$
begin
  perform rebuild_customer_activity(array(select distinct customer_id from changed));
  return null;
end $$;

create trigger interaction_activity_erased after update on interaction
  referencing new table as changed for each statement execute function interaction_activity_erased();

-- rebuild_customer_rollups (loaders that bypass triggers, time-zone changes) now also rebuilds
-- the activity days: the original keeps its body under a new name.
alter function rebuild_customer_rollups(uuid[]) rename to rebuild_customer_totals;
create function rebuild_customer_rollups(ids uuid[]) returns void language sql as $$
  select rebuild_customer_totals(ids);
  select rebuild_customer_activity(ids);
$$;

select rebuild_customer_activity(null);
