import type { Ctx } from '../../kernel/context.ts';
import { reassignCase } from './reassign-case.ts';

/**
 * Hands every open case assigned to `fromId` (and their open tasks) to `toId`, one case at a time
 * through `reassignCase`, so each gets its 'reassigned' event, notification and webhook. Open
 * tasks of theirs outside any case move too. Returns how many cases moved.
 */
export async function reassignOpenCases(
  ctx: Ctx,
  fromId: string,
  toId: string,
  input: { reason?: string; actorId: string | null },
): Promise<{ cases: number; tasks: number }> {
  const open = await ctx.db
    .selectFrom('loop_case')
    .select('id')
    .where('assignee_id', '=', fromId)
    .where('status', '!=', 'resolved')
    .orderBy('id')
    .execute();
  for (const k of open) {
    await reassignCase(ctx, k.id, { assigneeId: toId, reason: input.reason }, input.actorId);
  }
  const tasks = await ctx.db
    .updateTable('task')
    .set({ assignee_id: toId })
    .where('assignee_id', '=', fromId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return { cases: open.length, tasks: Number(tasks.numUpdatedRows) };
}
