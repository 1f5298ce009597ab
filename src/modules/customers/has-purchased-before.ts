import type { Ctx } from '../../kernel/context.ts';

/** Whether the customer has a purchase on the timeline dated before `before` (index probe). */
export async function hasPurchasedBefore(
  ctx: Pick<Ctx, 'db'>,
  customerId: string,
  before: Date,
): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('interaction')
    .select('id')
    .where('customer_id', '=', customerId)
    .where('kind', '=', 'purchase')
    .where('occurred_at', '<', before)
    .limit(1)
    .executeTakeFirst();
  return !!row;
}
