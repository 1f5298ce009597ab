import type { Ctx } from '../../kernel/context.ts';

/**
 * When the customer's first touchpoint of a kind happened (null: none yet). Read inside the
 * ingest transaction it sees the touchpoint just recorded, so "is this the first purchase?" is
 * `firstInteractionAt(...) == occurredAt`.
 */
export async function firstInteractionAt(
  ctx: Pick<Ctx, 'db'>,
  customerId: string,
  kind: string,
): Promise<Date | null> {
  const row = await ctx.db
    .selectFrom('interaction')
    .select((eb) => eb.fn.min('occurred_at').as('first'))
    .where('customer_id', '=', customerId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return row?.first ? new Date(row.first as Date) : null;
}
