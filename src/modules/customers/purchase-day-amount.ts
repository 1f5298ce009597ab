import { sql } from 'kysely';

/** Minor units of the reporting currency per minor unit of each currency (it at 1). */
export type Rates = Record<string, number>;

/** The rates as a relation `fx(currency, rate)` to left-join purchases or purchase days on. */
export const fxRelation = (fx: Rates) =>
  sql`unnest(${Object.keys(fx)}::text[], ${Object.values(fx)}::numeric[]) as fx(currency, rate)`;

/**
 * A purchase-day row's amount (`p`, a `customer_purchase_day` row joined to `fx`) in the reporting
 * currency, exactly as if each purchase had been converted and rounded on its own (null without a
 * rate). A day's sum in a currency converts exactly when the rate is 1 or the day holds one
 * purchase in it; otherwise (rare: several purchases on one local day in a converted currency)
 * those purchases are read from the timeline one by one.
 */
export const purchaseDayAmount = sql`case when fx.rate is null then null
  when fx.rate = 1 or p.purchases = 1 then round(p.amount_minor * fx.rate)::bigint
  else (select sum(round(i.amount_minor * fx.rate)::bigint) from interaction i
    where i.customer_id = p.customer_id and i.kind = 'purchase' and i.currency = p.currency
      and i.occurred_at >= (p.day - 2)::timestamp at time zone 'UTC'
      and i.occurred_at < (p.day + 3)::timestamp at time zone 'UTC'
      and (i.occurred_at at time zone coalesce(
        (select time_zone from customer c where c.id = p.customer_id), 'UTC'))::date = p.day) end`;
