import type { Ctx } from '../../kernel/context.ts';

export type PurchaseTotal = { purchases: number; amountMinor: number };

/**
 * Purchases per customer in [from, to): how many and their amount (minor units, summed as
 * recorded; books are assumed to be in one currency). Customers without purchases are absent.
 */
export async function sumPurchasesBetween(
  ctx: Pick<Ctx, 'db'>,
  customerIds: string[],
  from: Date,
  to: Date,
): Promise<Map<string, PurchaseTotal>> {
  const out = new Map<string, PurchaseTotal>();
  for (let i = 0; i < customerIds.length; i += 5000) {
    const rows = await ctx.db
      .selectFrom('interaction')
      .select(['customer_id'])
      .select((eb) => [
        eb.fn.countAll<string>().as('n'),
        eb.fn.coalesce(eb.fn.sum<string>('amount_minor'), eb.lit(0)).as('amount'),
      ])
      .where('customer_id', 'in', customerIds.slice(i, i + 5000))
      .where('kind', '=', 'purchase')
      .where('occurred_at', '>=', from)
      .where('occurred_at', '<', to)
      .groupBy('customer_id')
      .execute();
    for (const r of rows) out.set(r.customer_id, { purchases: Number(r.n), amountMinor: Number(r.amount) });
  }
  return out;
}
