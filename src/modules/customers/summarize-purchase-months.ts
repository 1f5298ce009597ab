import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';

/** Customers and revenue by acquisition month (first purchase) × activity month. */
export type CohortCell = { cohort: string; month: string; customers: number; revenueMinor: number };

/**
 * The data of cohort retention matrices, aggregated in the database: for each monthly acquisition
 * cohort (month of first purchase) and each calendar month, how many of its customers purchased
 * and what they spent in `currency`. Months are calendar months 'YYYY-MM' in the customer's time
 * zone (else UTC), as the purchase models' days and each customer's first purchase are.
 */
export async function summarizePurchaseMonths(
  ctx: Pick<Ctx, 'db'>,
  opts: { through: string; currency: string; rates?: Record<string, number> },
): Promise<CohortCell[]> {
  // Other currencies count at their `rates` (as in summarizePurchases), else not at all.
  const fx = { ...opts.rates, [opts.currency]: 1 };
  const end = new Date(Date.parse(`${opts.through}T00:00:00Z`) + 86_400_000);
  const res = await sql<{ cohort: string; month: string; customers: number; revenue: string }>`
    with m as (
      select i.customer_id, date_trunc('month', i.occurred_at at time zone coalesce(c.time_zone, 'UTC'))::date as month,
             sum(round(i.amount_minor * fx.rate)::bigint) as revenue
      from interaction i join customer c on c.id = i.customer_id
      left join unnest(${Object.keys(fx)}::text[], ${Object.values(fx)}::numeric[]) as fx(currency, rate)
        on fx.currency = i.currency
      where i.kind = 'purchase' and i.occurred_at < ${end}
      group by 1, 2
    ), f as (select customer_id, min(month) as cohort from m group by 1)
    select to_char(f.cohort, 'YYYY-MM') as cohort, to_char(m.month, 'YYYY-MM') as month,
           count(*)::int as customers, coalesce(sum(m.revenue), 0)::text as revenue
    from m join f using (customer_id)
    group by f.cohort, m.month order by 1, 2`.execute(ctx.db);
  return res.rows.map((r) => ({
    cohort: r.cohort,
    month: r.month,
    customers: r.customers,
    revenueMinor: Number(r.revenue),
  }));
}
