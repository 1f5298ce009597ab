-- Per-customer rollups of the timeline, so that reads (the customer 360) and the scoring run no
-- longer walk a customer's whole history. They are maintained by a statement-level trigger on
-- `interaction` rather than by each writer: at least eight code paths insert touchpoints (the
-- events API, Segment, CSV import, profile and owner changes, status refreshes, the CDNOW loader,
-- benches), and a trigger cannot be forgotten by the next one. The trigger sees only the rows the
-- statement actually inserted (its transition table), so an event skipped by
-- `on conflict do nothing` (a retry) is never counted, and it runs once per statement: one
-- upsert per table per batch, in the batch's own transaction. The timeline is append-only (its
-- only update, erasure, keeps kind, time, channel and amount), so inserts are the only deltas.

-- Counts and the latest facts the 360 shows. Contact kinds must match CONTACT_KINDS in
-- get-customer-360.ts (customer-rollups.test.ts compares both against a from-scratch aggregate).
create table customer_rollup (
  customer_id uuid primary key references customer (id) on delete cascade,
  interactions integer not null,
  purchases integer not null,
  first_interaction_at timestamptz not null,
  last_interaction_at timestamptz not null,
  first_purchase_at timestamptz,
  last_purchase_at timestamptz,
  -- The latest conversation (kind in CONTACT_KINDS) by (occurred_at, id), as the timeline orders.
  last_contact_at timestamptz,
  last_contact_id bigint,
  last_contact_channel text,
  last_inbound_at timestamptz,
  last_outbound_at timestamptz
);

-- Net spend (purchases less refunds) per currency; `purchases` counts purchases with an amount.
create table customer_spend (
  customer_id uuid not null references customer (id) on delete cascade,
  currency text not null,
  amount_minor bigint not null,
  purchases integer not null,
  primary key (customer_id, currency)
);

-- Purchases per local day (the customer's time zone, else UTC) and currency ('' for purchases
-- without an amount): what the purchase models count (distinct purchase days, first day and its
-- amount, repeat spend) for any reference and split day, without reading the timeline. A change of
-- the customer's time zone (including erasure, which clears it) rebuilds that customer's days.
create table customer_purchase_day (
  customer_id uuid not null references customer (id) on delete cascade,
  day date not null,
  currency text not null,
  purchases integer not null,
  amount_minor bigint,
  primary key (customer_id, day, currency)
);

create function interaction_rollup() returns trigger language plpgsql as $$
begin
  -- Rows are taken in customer order so that concurrent batches lock rollup rows in one order.
  with lc as (
    select distinct on (customer_id) customer_id, occurred_at, id, channel from added
    where kind = any(array['call', 'email', 'sms', 'chat', 'visit', 'meeting', 'ticket', 'message',
      'letter', 'survey-response'])
    order by customer_id, occurred_at desc, id desc)
  insert into customer_rollup as r (customer_id, interactions, purchases, first_interaction_at,
    last_interaction_at, first_purchase_at, last_purchase_at, last_contact_at, last_contact_id,
    last_contact_channel, last_inbound_at, last_outbound_at)
  select a.customer_id, count(*), count(*) filter (where a.kind = 'purchase'),
    min(a.occurred_at), max(a.occurred_at),
    min(a.occurred_at) filter (where a.kind = 'purchase'),
    max(a.occurred_at) filter (where a.kind = 'purchase'),
    lc.occurred_at, lc.id, lc.channel,
    max(a.occurred_at) filter (where a.direction = 'inbound'),
    max(a.occurred_at) filter (where a.direction = 'outbound')
  from added a left join lc on lc.customer_id = a.customer_id
  group by a.customer_id, lc.occurred_at, lc.id, lc.channel
  order by a.customer_id
  on conflict (customer_id) do update set
    interactions = r.interactions + excluded.interactions,
    purchases = r.purchases + excluded.purchases,
    -- least/greatest skip nulls: an older event arriving late moves "first" back.
    first_interaction_at = least(r.first_interaction_at, excluded.first_interaction_at),
    last_interaction_at = greatest(r.last_interaction_at, excluded.last_interaction_at),
    first_purchase_at = least(r.first_purchase_at, excluded.first_purchase_at),
    last_purchase_at = greatest(r.last_purchase_at, excluded.last_purchase_at),
    last_contact_at = case when r.last_contact_at is null
      or (excluded.last_contact_at, excluded.last_contact_id) > (r.last_contact_at, r.last_contact_id)
      then excluded.last_contact_at else r.last_contact_at end,
    last_contact_channel = case when r.last_contact_at is null
      or (excluded.last_contact_at, excluded.last_contact_id) > (r.last_contact_at, r.last_contact_id)
      then excluded.last_contact_channel else r.last_contact_channel end,
    last_contact_id = case when r.last_contact_at is null
      or (excluded.last_contact_at, excluded.last_contact_id) > (r.last_contact_at, r.last_contact_id)
      then excluded.last_contact_id else r.last_contact_id end,
    last_inbound_at = greatest(r.last_inbound_at, excluded.last_inbound_at),
    last_outbound_at = greatest(r.last_outbound_at, excluded.last_outbound_at);

  insert into customer_spend as s (customer_id, currency, amount_minor, purchases)
  select customer_id, currency,
    sum(case when kind = 'refund' then -amount_minor else amount_minor end),
    count(*) filter (where kind = 'purchase')
  from added
  where kind in ('purchase', 'refund') and currency is not null
  group by customer_id, currency
  order by customer_id, currency
  on conflict (customer_id, currency) do update set
    amount_minor = s.amount_minor + excluded.amount_minor,
    purchases = s.purchases + excluded.purchases;

  insert into customer_purchase_day as d (customer_id, day, currency, purchases, amount_minor)
  select a.customer_id, (a.occurred_at at time zone coalesce(c.time_zone, 'UTC'))::date,
    coalesce(a.currency, ''), count(*), sum(a.amount_minor)
  from added a join customer c on c.id = a.customer_id
  where a.kind = 'purchase'
  group by 1, 2, 3
  order by 1, 2, 3
  on conflict (customer_id, day, currency) do update set
    purchases = d.purchases + excluded.purchases,
    amount_minor = d.amount_minor + excluded.amount_minor;
  return null;
end $$;

create trigger interaction_rollup after insert on interaction
  referencing new table as added for each statement execute function interaction_rollup();

-- Recomputes the rollups of the given customers (all of them when null) from the timeline: the
-- migration's backfill, a time-zone change, and loaders that bypass the trigger (bench/generate.ts).
create function rebuild_customer_rollups(ids uuid[]) returns void language sql as $$
  delete from customer_rollup where ids is null or customer_id = any(ids);
  delete from customer_spend where ids is null or customer_id = any(ids);
  delete from customer_purchase_day where ids is null or customer_id = any(ids);
  with lc as (
    select distinct on (customer_id) customer_id, occurred_at, id, channel from interaction
    where (ids is null or customer_id = any(ids)) and kind = any(array['call', 'email', 'sms', 'chat',
      'visit', 'meeting', 'ticket', 'message', 'letter', 'survey-response'])
    order by customer_id, occurred_at desc, id desc)
  insert into customer_rollup (customer_id, interactions, purchases, first_interaction_at,
    last_interaction_at, first_purchase_at, last_purchase_at, last_contact_at, last_contact_id,
    last_contact_channel, last_inbound_at, last_outbound_at)
  select a.customer_id, count(*), count(*) filter (where a.kind = 'purchase'),
    min(a.occurred_at), max(a.occurred_at),
    min(a.occurred_at) filter (where a.kind = 'purchase'),
    max(a.occurred_at) filter (where a.kind = 'purchase'),
    lc.occurred_at, lc.id, lc.channel,
    max(a.occurred_at) filter (where a.direction = 'inbound'),
    max(a.occurred_at) filter (where a.direction = 'outbound')
  from interaction a left join lc on lc.customer_id = a.customer_id
  where ids is null or a.customer_id = any(ids)
  group by a.customer_id, lc.occurred_at, lc.id, lc.channel;
  insert into customer_spend (customer_id, currency, amount_minor, purchases)
  select customer_id, currency, sum(case when kind = 'refund' then -amount_minor else amount_minor end),
    count(*) filter (where kind = 'purchase')
  from interaction
  where (ids is null or customer_id = any(ids)) and kind in ('purchase', 'refund') and currency is not null
  group by customer_id, currency;
  insert into customer_purchase_day (customer_id, day, currency, purchases, amount_minor)
  select a.customer_id, (a.occurred_at at time zone coalesce(c.time_zone, 'UTC'))::date,
    coalesce(a.currency, ''), count(*), sum(a.amount_minor)
  from interaction a join customer c on c.id = a.customer_id
  where (ids is null or a.customer_id = any(ids)) and a.kind = 'purchase'
  group by 1, 2, 3;
$$;

create function customer_time_zone_rollup() returns trigger language plpgsql as $$
begin
  perform rebuild_customer_rollups(array[new.id]);
  return null;
end $$;

create trigger customer_time_zone_rollup after update of time_zone on customer
  for each row when (old.time_zone is distinct from new.time_zone)
  execute function customer_time_zone_rollup();

select rebuild_customer_rollups(null);
