import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { getCustomer } from '../customers/index.ts';
import { loadRoster } from '../staff/index.ts';
import { toTaskView } from './case-view.ts';
import type { TaskView } from './schemas.ts';

export type PromiseInput = {
  /** Chosen by the client, so that a double submit or a retry makes one promise, not two. */
  id: string;
  customerId: string;
  title: string;
  dueAt: Date;
  caseId?: string;
  assigneeId?: string;
};

/**
 * Records a promise a rep made to a customer as an open task of type "promise": it shows in the
 * assignee's inbox and on the customer's call guide until someone keeps it by logging what was
 * done (the usual task completion, which lands on the timeline).
 */
export async function makePromise(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  input: PromiseInput,
  staffId: string | null,
): Promise<TaskView> {
  const customer = await getCustomer(ctx, input.customerId);
  if (input.caseId) {
    const kase = await ctx.db
      .selectFrom('loop_case')
      .select('id')
      .where('customer_id', '=', input.customerId)
      .where('id', '=', input.caseId)
      .executeTakeFirst();
    if (!kase)
      throw new AppError('validation_failed', `Case ${input.caseId} is not one of this customer's cases`);
  }
  const assigneeId = input.assigneeId ?? staffId;
  if (!assigneeId)
    throw new AppError('validation_failed', 'assigneeId is required when an API key makes a promise');
  if (input.assigneeId && !(await loadRoster(ctx)).staff.get(input.assigneeId)?.active)
    throw new AppError('validation_failed', `No active staff member has id ${input.assigneeId}`);
  const inserted = await ctx.db
    .insertInto('task')
    .values({
      customer_id: input.customerId,
      id: input.id,
      case_id: input.caseId ?? null,
      step_index: null,
      type: 'promise',
      title: input.title,
      channel: null,
      note: null,
      template: null,
      due_at: input.dueAt,
      assignee_id: assigneeId,
    })
    .onConflict((oc) => oc.columns(['customer_id', 'id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  const row =
    inserted ??
    (await ctx.db
      .selectFrom('task')
      .selectAll()
      .where('customer_id', '=', input.customerId)
      .where('id', '=', input.id)
      .executeTakeFirstOrThrow());
  if (row.type !== 'promise')
    throw new AppError('conflict', `Task ${input.id} already exists and is not a promise`);
  // Named as every task list names its customer (getCustomerNames): name, else first email.
  return { ...toTaskView(row), customerName: customer.name ?? customer.emails[0] ?? null };
}
