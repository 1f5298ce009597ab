import type { Ctx } from '../../../kernel/context.ts';
import { notFound } from '../../../kernel/errors.ts';

/**
 * Deletes a call list and its items. Its outreach program stays, with its assignments, so the
 * uplift report still measures what the list did while it ran.
 */
export async function deleteCallList(ctx: Pick<Ctx, 'db'>, id: string): Promise<void> {
  const res = await ctx.db.deleteFrom('call_list').where('id', '=', id).executeTakeFirst();
  if (res.numDeletedRows === 0n) throw notFound('call list', id);
}
