import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { lockCase } from './case-view.ts';
import { recordCaseEvent } from './record-case-event.ts';

/**
 * Parks a case until a date, with a reason ("customer on holiday until the 12th"). The sweep wakes
 * it then, and a new red flag wakes it at once. SLA clocks keep running: a snooze is a note to
 * oneself, not a pause granted to the customer's detriment.
 */
export async function snoozeCase(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  id: string,
  input: { until: Date; reason: string },
  actorId: string | null,
): Promise<void> {
  const now = ctx.clock.now();
  if (input.until <= now) throw new AppError('validation_failed', 'until: must be in the future');
  await ctx.db.transaction().execute(async (trx) => {
    const k = await lockCase(trx, id, { open: true });
    await trx
      .updateTable('loop_case')
      .set({ status: 'snoozed', snoozed_until: input.until, updated_at: now })
      .where('customer_id', '=', k.customer_id)
      .where('id', '=', k.id)
      .execute();
    await recordCaseEvent(trx, {
      customerId: k.customer_id,
      caseId: k.id,
      at: now,
      kind: 'snoozed',
      actorId,
      details: { until: input.until, reason: input.reason },
    });
  });
}
