import type { Ctx } from '../../kernel/context.ts';

/**
 * Cancels a running scoring run (or every running run when no id is given): the run is marked
 * 'cancelled' at once, and its process stops at its next lease renewal without writing more.
 * Returns the ids cancelled.
 */
export async function cancelScoringRun(ctx: Pick<Ctx, 'db'>, runId?: string): Promise<string[]> {
  let q = ctx.db
    .updateTable('insight_run')
    .set({ status: 'cancelled', finished_at: new Date(), error: 'Cancelled' })
    .where('status', '=', 'running');
  if (runId) q = q.where('id', '=', runId);
  const rows = await q.returning('id').execute();
  return rows.map((r) => r.id);
}
