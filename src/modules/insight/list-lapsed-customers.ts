import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';

export type LapsedCustomer = {
  customerId: string;
  lastPurchaseOn: string | null;
  pAlive: number | null;
  revenueMinor: number;
  clvMinor: number | null;
  currency: string;
  rfmSegment: string | null;
};

/**
 * Lapsed buyers for win-back, most valuable first: customers (not churned) whose P(alive) fell
 * below the threshold or who have not bought for `lapsedAfterDays` (settings), as of the last
 * run. The outreach module builds win-back campaigns from this list.
 */
export async function listLapsedCustomers(
  ctx: Pick<Ctx, 'db'>,
  opts: { limit: number; offset?: number },
): Promise<LapsedCustomer[]> {
  const rows = await ctx.db
    .selectFrom('insight_score')
    .select(['customer_id', 'p_alive', 'revenue_minor', 'clv_minor', 'currency', 'rfm_segment'])
    .select(sql<string | null>`last_purchase_on::text`.as('last_on'))
    .where('lapsed', '=', true)
    .orderBy('revenue_minor', 'desc')
    .orderBy('customer_id')
    .limit(opts.limit)
    .offset(opts.offset ?? 0)
    .execute();
  return rows.map((r) => ({
    customerId: r.customer_id,
    lastPurchaseOn: r.last_on,
    pAlive: r.p_alive,
    revenueMinor: Number(r.revenue_minor),
    clvMinor: r.clv_minor === null ? null : Number(r.clv_minor),
    currency: r.currency,
    rfmSegment: r.rfm_segment,
  }));
}
