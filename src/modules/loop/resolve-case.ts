import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { lockCase } from './case-view.ts';
import { emitWebhook } from './emit-webhook.ts';
import { caseWebhookData } from './on-flag.ts';
import { recordCaseEvent } from './record-case-event.ts';
import type { Outcome } from './tables.ts';

// Steps that only make sense while the problem is open; follow-up survey and check-in stay.
const CANCEL_ON_RESOLVE = ['call', 'email', 'gesture', 'task'] as const;

/**
 * Closes a case with what happened (outcome) and why it happened (root causes from the managed
 * list): the two facts the report learns from. Needs at least one root cause unless it was not a
 * real issue.
 */
export async function resolveCase(
  ctx: Ctx,
  id: string,
  input: { outcome: Outcome; rootCauses: string[]; note?: string },
  actorId: string | null,
): Promise<void> {
  const causes = [...new Set(input.rootCauses)];
  if (causes.length === 0 && input.outcome !== 'not-an-issue') {
    throw new AppError(
      'validation_failed',
      'rootCauses: name at least one root cause (GET /api/v1/loop/root-causes)',
    );
  }
  if (causes.length) {
    const known = await ctx.db
      .selectFrom('root_cause')
      .select('key')
      .where('key', 'in', causes)
      .where('active', '=', true)
      .execute();
    const unknown = causes.filter((c) => !known.some((k) => k.key === c));
    if (unknown.length)
      throw new AppError('validation_failed', `rootCauses: not in the managed list: ${unknown.join(', ')}`);
  }
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const k = await lockCase(trx, id, { open: true });
    const changes = {
      status: 'resolved' as const,
      resolved_at: now,
      outcome: input.outcome,
      root_causes: causes,
      resolution_note: input.note ?? null,
      snoozed_until: null,
      updated_at: now,
    };
    await trx
      .updateTable('loop_case')
      .set(changes)
      .where('customer_id', '=', k.customer_id)
      .where('id', '=', k.id)
      .execute();
    const cancelled = await trx
      .updateTable('task')
      .set({ status: 'cancelled' })
      .where('customer_id', '=', k.customer_id)
      .where('case_id', '=', k.id)
      .where('status', '=', 'open')
      .where('type', 'in', CANCEL_ON_RESOLVE)
      .returning('id')
      .execute();
    await recordCaseEvent(trx, {
      customerId: k.customer_id,
      caseId: k.id,
      at: now,
      kind: 'resolved',
      actorId,
      details: {
        outcome: input.outcome,
        rootCauses: causes,
        note: input.note ?? null,
        tasksCancelled: cancelled.length,
      },
    });
    await emitWebhook(ctx, trx, {
      type: 'case.resolved',
      at: now,
      summary: `${k.title} — resolved: ${input.outcome}${causes.length ? ` (${causes.join(', ')})` : ''}`,
      data: caseWebhookData(ctx, { ...k, ...changes }, { outcome: input.outcome, rootCauses: causes }),
      dedupeKey: `case:${k.id}:${k.cycle}:resolved`,
    });
  });
}
