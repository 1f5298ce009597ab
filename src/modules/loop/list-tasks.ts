import type { Ctx } from '../../kernel/context.ts';
import { getCustomerNames } from '../customers/index.ts';
import { toTaskView } from './case-view.ts';
import type { TaskView } from './schemas.ts';

/** Open tasks (by default), soonest due first: someone's to-do list, a case's or a customer's. */
export async function listTasks(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  q: {
    assigneeId?: string;
    caseId?: string;
    customerId?: string;
    type?: TaskView['type'];
    status?: 'open' | 'done' | 'cancelled';
    overdue?: boolean;
    limit: number;
  },
): Promise<TaskView[]> {
  let query = ctx.db
    .selectFrom('task')
    .selectAll()
    .where('status', '=', q.status ?? 'open')
    .orderBy('due_at')
    .orderBy('id')
    .limit(q.limit);
  if (q.assigneeId) query = query.where('assignee_id', '=', q.assigneeId);
  if (q.caseId) query = query.where('case_id', '=', q.caseId);
  if (q.customerId) query = query.where('customer_id', '=', q.customerId);
  if (q.type) query = query.where('type', '=', q.type);
  if (q.overdue) query = query.where('due_at', '<', ctx.clock.now());
  const rows = await query.execute();
  const names = await getCustomerNames(
    ctx,
    rows.map((r) => r.customer_id),
  );
  return rows.map((r) => ({ ...toTaskView(r), customerName: names.get(r.customer_id) ?? null }));
}
