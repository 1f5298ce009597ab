import type { Ctx } from '../../kernel/context.ts';
import { defineJob } from '../../kernel/context.ts';
import { getCustomer } from '../customers/index.ts';
import { createSends } from './create-sends.ts';
import { type Delivery, deliverSend } from './deliver-send.ts';
import { triggerCondition } from './trigger-schemas.ts';

export type TriggerFiring = { triggerId: string; customerId: string; source: string; sourceId: string };

/**
 * Runs when a trigger's delay has passed: checks the customer still matches, creates the send
 * (idempotent per trigger and interaction) and delivers it through the contact budget. A retried
 * or doubled job finds the same send and leaves it as it is.
 */
export async function fireTrigger(
  ctx: Ctx,
  f: TriggerFiring,
): Promise<Delivery | { status: 'not-sent'; reason: string }> {
  const t = await ctx.db
    .selectFrom('survey_trigger as t')
    .innerJoin('survey as s', 's.id', 't.survey_id')
    .select(['t.id', 't.survey_id', 't.channel', 't.active', 't.condition', 's.status'])
    .where('t.id', '=', f.triggerId)
    .executeTakeFirst();
  if (!t?.active || t.status !== 'live')
    return { status: 'not-sent', reason: 'trigger or survey no longer active' };
  const cond = triggerCondition.parse(t.condition);
  if (cond.statuses || cond.lifecycleStages) {
    const c = await getCustomer(ctx, f.customerId);
    if (cond.statuses && !cond.statuses.includes(c.status))
      return { status: 'not-sent', reason: `customer is ${c.status}` };
    if (cond.lifecycleStages && !cond.lifecycleStages.includes(c.lifecycleStage ?? '')) {
      return { status: 'not-sent', reason: `customer lifecycle stage is ${c.lifecycleStage ?? 'unset'}` };
    }
  }
  const { created, existing } = await createSends(ctx, {
    surveyId: t.survey_id,
    customerIds: [f.customerId],
    channel: t.channel,
    dedupeKey: `trigger:${t.id}:${f.source}:${f.sourceId}`,
    triggerId: t.id,
    enqueue: false,
  });
  const ref = created[0] ?? existing[0];
  if (!ref) return { status: 'not-sent', reason: 'no send created' };
  return deliverSend(ctx, ref);
}

export const fireTriggerJob = defineJob<TriggerFiring>({
  name: 'feedback.fire-trigger',
  batchSize: 50,
  handle: (ctx, data) => fireTrigger(ctx, data),
});
