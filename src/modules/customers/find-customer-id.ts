import type { Ctx } from '../../kernel/context.ts';

export type CustomerLookup = { id: string } | { email: string } | { externalId: string; idSource?: string };

/**
 * The customer a reference names: by id, by an external id (`idSource`, default "default"), or by
 * email (case-insensitive; the oldest customer holding it when several do). Null when nobody does.
 */
export async function findCustomerId(ctx: Pick<Ctx, 'db'>, ref: CustomerLookup): Promise<string | null> {
  if ('id' in ref) {
    const r = await ctx.db.selectFrom('customer').select('id').where('id', '=', ref.id).executeTakeFirst();
    return r?.id ?? null;
  }
  if ('externalId' in ref) {
    const r = await ctx.db
      .selectFrom('customer_identity')
      .select('customer_id')
      .where('source', '=', ref.idSource ?? 'default')
      .where('external_id', '=', ref.externalId)
      .executeTakeFirst();
    return r?.customer_id ?? null;
  }
  const r = await ctx.db
    .selectFrom('customer')
    .select('id')
    .where((eb) => eb(eb.val(ref.email.toLowerCase()), '=', eb.fn.any('emails')))
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  return r?.id ?? null;
}
