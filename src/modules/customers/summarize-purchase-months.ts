import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { fxRelation, purchaseDayAmount } from './purchase-day-amount.ts';

/** Customers and revenue by acquisition month (first purchase) × activity month. */
export type CohortCell = { cohort: string; month: string; customers: number; revenueMinor: number };

const DAY = 86_400_000;
const isoOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The data of cohort retention matrices, aggregated in the database: for each monthly acquisition
 * cohort (month of first purchase) and each calendar month, how many of its customers purchased
 * and what they spent in `currency`. Months are calendar months 'YYYY-MM' in the customer's time
 * zone (else UTC), as the purchase models' days and each customer's first purchase are; purchases
 * count up to the end of `through` in UTC.
 *
 * Read from the purchase-day rollup (`customer_purchase_day`, local days), not the timeline. Why
 * that is exact: a local day is 24 hours starting at most 24 hours either side of the same UTC
 * date (real offsets are −12 to +14 hours), so every local day before `through` − 1 ends before
 * `through` + 1 at 00:00 UTC (the cutoff) and is whole in the result; only the local days from
 * `through` − 1 on can straddle it, and their purchases are read from the timeline one by one
 * (those after `through` − 2 at 00:00 UTC, an index range of three days). A month is the month
 * of its days, and amounts convert per purchase (purchaseDayAmount), as from the timeline.
 */
export async function summarizePurchaseMonths(
  ctx: Pick<Ctx, 'db'>,
  opts: { through: string; currency: string; rates?: Record<string, number> },
): Promise<CohortCell[]> {
  // Other currencies count at their `rates` (as in summarizePurchases), else not at all.
  const fx = { ...opts.rates, [opts.currency]: 1 };
  const throughMs = Date.parse(`${opts.through}T00:00:00Z`);
  const end = new Date(throughMs + DAY);
  const whole = isoOf(throughMs - DAY);
  const localDay = sql`(i.occurred_at at time zone coalesce(c.time_zone, 'UTC'))::date`;
  return ctx.db.transaction().execute(async (trx) => {
    // A million customers' months are grouped in memory, not in a sort spilled to disk.
    await sql`set local work_mem = '128MB'`.execute(trx);
    // Nor compiled with JIT: compiling costs more than it saves on this one pass.
    await sql`set local jit = off`.execute(trx);
    const res = await sql<{ cohort: string; month: string; customers: number; revenue: string }>`
      with d as (
        select p.customer_id, p.day, ${purchaseDayAmount} as amount
        from customer_purchase_day p left join ${fxRelation(fx)} on fx.currency = p.currency
        where p.day < ${whole}::date
        union all
        select i.customer_id, ${localDay}, round(i.amount_minor * fx.rate)::bigint
        from interaction i join customer c on c.id = i.customer_id
        left join ${fxRelation(fx)} on fx.currency = i.currency
        where i.kind = 'purchase' and i.occurred_at >= ${new Date(throughMs - 2 * DAY)} and i.occurred_at < ${end}
          and ${localDay} >= ${whole}::date
      ), m as (
        select customer_id, date_trunc('month', day)::date as month, sum(amount) as revenue from d group by 1, 2
      ), f as (select customer_id, min(month) as cohort from m group by 1)
      select to_char(f.cohort, 'YYYY-MM') as cohort, to_char(m.month, 'YYYY-MM') as month,
             count(*)::int as customers, coalesce(sum(m.revenue), 0)::text as revenue
      from m join f using (customer_id)
      group by f.cohort, m.month order by 1, 2`.execute(trx);
    return res.rows.map((r) => ({
      cohort: r.cohort,
      month: r.month,
      customers: r.customers,
      revenueMinor: Number(r.revenue),
    }));
  });
}
