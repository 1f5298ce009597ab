import type { Ctx } from '../../kernel/context.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { type NewInteraction, recordInteractions } from '../customers/index.ts';
import { applyContact } from './apply-contact.ts';
import { toTaskView } from './case-view.ts';
import type { TaskView } from './schemas.ts';

type Channel = NewInteraction['channel'];

/** Touchpoint kind and channel a task's completion is logged as. */
const kindOf = {
  call: 'call',
  email: 'email',
  gesture: 'goodwill-gesture',
  survey: 'survey-sent',
  'check-in': 'check-in',
  task: 'note',
  promise: 'promise-kept',
} as const;
const channelOf: Record<string, Channel> = { phone: 'phone', email: 'email', sms: 'sms' };

/**
 * Completes a task by logging what was done as a touchpoint on the customer's timeline (source
 * "loop", source id = the task, so a double submit logs once). The touchpoint is what completes
 * the task — the same path as a call logged from anywhere with `properties.loopTaskId` — and a
 * contact task also counts as the case's first contact.
 */
export async function completeTask(
  ctx: Ctx,
  taskId: string,
  input: { note: string; channel?: Channel; occurredAt?: Date; outcome?: string },
  staffId: string | null,
): Promise<TaskView> {
  const task = await ctx.db.selectFrom('task').selectAll().where('id', '=', taskId).executeTakeFirst();
  if (!task) throw notFound('Task', taskId);
  if (task.status === 'cancelled') throw new AppError('conflict', `Task ${taskId} was cancelled`);
  const internal = task.type === 'gesture' || task.type === 'task' || task.type === 'promise';
  const channel = input.channel ?? channelOf[task.channel ?? ''] ?? (internal ? 'system' : 'phone');
  const occurredAt = input.occurredAt ?? ctx.clock.now();
  const recorded = {
    customerId: task.customer_id,
    source: 'loop',
    sourceId: `task:${task.id}`,
    channel,
    // A call that fell back to email is logged as the email it was.
    kind:
      task.type === 'call' && channel !== 'phone' ? (channel === 'sms' ? 'sms' : 'email') : kindOf[task.type],
    // A promise kept by calling back was a conversation; one kept by doing something was not.
    direction:
      task.type === 'gesture' || task.type === 'task' || channel === 'system'
        ? ('internal' as const)
        : ('outbound' as const),
    occurredAt,
    amountMinor: null,
    currency: null,
    sentiment: null,
    properties: {
      loopTaskId: task.id,
      caseId: task.case_id,
      note: input.note,
      outcome: input.outcome ?? null,
      staffId,
    },
  };
  const result = await recordInteractions(ctx, [
    { ...recorded, customer: { id: task.customer_id }, staffId, subject: task.title, body: input.note },
  ]);
  if (result.outcomes[0]?.status === 'rejected')
    throw new AppError('validation_failed', result.outcomes[0].reason);
  // The queued evaluation would do this too; doing it now lets the answer show the task done.
  await applyContact(ctx, recorded);
  const done = await ctx.db
    .selectFrom('task')
    .selectAll()
    .where('customer_id', '=', task.customer_id)
    .where('id', '=', task.id)
    .executeTakeFirstOrThrow();
  return toTaskView(done);
}
