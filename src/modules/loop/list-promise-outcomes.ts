import type { Ctx } from '../../kernel/context.ts';

export type PromiseOutcome = {
  id: string;
  customerId: string;
  title: string;
  assigneeId: string | null;
  dueAt: Date;
  completedAt: Date | null;
  /** Done by its due time. A promise still open, cancelled or done late is not kept on time. */
  keptOnTime: boolean;
};

/** Promises to customers that fell due in [from, to) (cancelled ones are not promises kept or broken). */
export async function listPromiseOutcomes(
  ctx: Pick<Ctx, 'db'>,
  q: { from: Date; to: Date; limit: number },
): Promise<PromiseOutcome[]> {
  const rows = await ctx.db
    .selectFrom('task')
    .select(['id', 'customer_id', 'title', 'assignee_id', 'due_at', 'completed_at', 'status'])
    .where('type', '=', 'promise')
    .where('status', '<>', 'cancelled')
    .where('due_at', '>=', q.from)
    .where('due_at', '<', q.to)
    .orderBy('due_at')
    .limit(q.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    title: r.title,
    assigneeId: r.assignee_id,
    dueAt: r.due_at,
    completedAt: r.completed_at,
    keptOnTime: r.status === 'done' && r.completed_at !== null && r.completed_at <= r.due_at,
  }));
}
