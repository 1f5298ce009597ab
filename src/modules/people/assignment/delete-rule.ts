import type { Ctx } from '../../../kernel/context.ts';
import { notFound } from '../../../kernel/errors.ts';

/** Removes a rule; owners it gave stay (ownership is sticky). */
export async function deleteRule(ctx: Pick<Ctx, 'db'>, id: string): Promise<void> {
  const r = await ctx.db.deleteFrom('people_assignment_rule').where('id', '=', id).executeTakeFirst();
  if (!r.numDeletedRows) throw notFound('Assignment rule', id);
}
