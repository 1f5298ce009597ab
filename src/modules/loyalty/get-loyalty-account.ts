import type { Ctx } from '../../kernel/context.ts';

/**
 * A customer's spendable points balance and their latest ledger entries. Points still in their
 * pending period are not in the balance (see ledger/read-points.ts for pending and expiring).
 */
export async function getLoyaltyAccount(ctx: Pick<Ctx, 'db' | 'clock'>, customerId: string, limit = 50) {
  const [{ balance }, entries] = await Promise.all([
    ctx.db
      .selectFrom('loyalty_ledger')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), eb.val(0)).as('balance'))
      .where('customer_id', '=', customerId)
      .where('available_at', '<=', ctx.clock.now())
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('loyalty_ledger')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute(),
  ]);
  return {
    customerId,
    balance: Number(balance),
    entries: entries.map((e) => ({
      id: e.id,
      points: e.points,
      code: e.reward_code,
      reason: e.reason,
      source: e.source,
      key: e.idempotency_key,
      createdAt: e.created_at,
    })),
  };
}
