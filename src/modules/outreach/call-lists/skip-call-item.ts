import type { Ctx } from '../../../kernel/context.ts';
import { AppError, notFound } from '../../../kernel/errors.ts';

/**
 * Skips an open item with the rep's reason ("customer in hospital, try next month"). Agents may
 * skip only their own items; managers and admins any. Returns the customer for the audit entry.
 */
export async function skipCallItem(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  input: { itemId: string; reason: string; by: { staffId: string | null; role: string | null } },
): Promise<{ customerId: string }> {
  const item = await ctx.db
    .selectFrom('call_item')
    .select(['customer_id', 'rep_id', 'status'])
    .where('id', '=', input.itemId)
    .executeTakeFirst();
  if (!item) throw notFound('call item', input.itemId);
  if (input.by.role === 'agent' && item.rep_id !== input.by.staffId)
    throw new AppError('forbidden', 'agents may skip only the calls on their own list');
  if (item.status !== 'open') throw new AppError('conflict', `this item is ${item.status}, not open`);
  await ctx.db
    .updateTable('call_item')
    .set({ status: 'skipped', skip_reason: input.reason, completed_at: ctx.clock.now() })
    .where('id', '=', input.itemId)
    .where('status', '=', 'open')
    .execute();
  return { customerId: item.customer_id };
}
