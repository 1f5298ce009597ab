import type { Ctx } from '../../kernel/context.ts';
import { notFound } from '../../kernel/errors.ts';

/**
 * Marks one of a staff member's notifications read, or all of them (`id` omitted). Someone
 * else's notification is "not found": its existence is not theirs to learn.
 */
export async function markNotificationsRead(
  ctx: Pick<Ctx, 'db'>,
  recipientId: string,
  id: string | undefined,
  at: Date,
): Promise<number> {
  let q = ctx.db
    .updateTable('notification')
    .set({ read_at: at })
    .where('recipient_id', '=', recipientId)
    .where('channel', '=', 'in-app')
    .where('read_at', 'is', null);
  if (id) q = q.where('id', '=', id);
  const r = await q.executeTakeFirst();
  const n = Number(r.numUpdatedRows);
  if (id && n === 0) {
    const mine = await ctx.db
      .selectFrom('notification')
      .select('id')
      .where('id', '=', id)
      .where('recipient_id', '=', recipientId)
      .executeTakeFirst();
    if (!mine) throw notFound('Notification', id);
  }
  return n;
}
