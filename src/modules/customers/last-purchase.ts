import type { Ctx } from '../../kernel/context.ts';

export type LastPurchase = { at: Date; amountMinor: number | null; currency: string | null };

/** A customer's latest purchase (an index-only probe on interaction_purchase_idx), or null. */
export async function lastPurchaseOf(ctx: Pick<Ctx, 'db'>, customerId: string): Promise<LastPurchase | null> {
  const row = await ctx.db
    .selectFrom('interaction')
    .select(['occurred_at', 'amount_minor', 'currency'])
    .where('customer_id', '=', customerId)
    .where('kind', '=', 'purchase')
    .orderBy('occurred_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { at: row.occurred_at, amountMinor: row.amount_minor, currency: row.currency } : null;
}
