import type { InteractionListener } from '../customers/index.ts';
import { fireTriggerJob, type TriggerFiring } from './fire-trigger.ts';
import { triggerCondition } from './trigger-schemas.ts';

const HOUR_MS = 3_600_000;
// Interactions whose survey would have been due more than this long ago are history being
// back-filled (an import of last year's orders): surveying for them now would be odd and mass.
const STALE_MS = 72 * HOUR_MS;

/**
 * Registered with the customers module: runs inside the ingest transaction, so each firing is
 * enqueued exactly when its interaction commits (a duplicate interaction fires nothing), to run
 * `delayHours` after the interaction happened.
 */
export const surveyTriggerListener: InteractionListener = async (ctx, trx, recorded) => {
  const kinds = [...new Set(recorded.map((r) => r.kind))];
  const triggers = await trx
    .selectFrom('survey_trigger as t')
    .innerJoin('survey as s', 's.id', 't.survey_id')
    .select(['t.id', 't.interaction_kind', 't.delay_hours', 't.condition'])
    .where('t.active', '=', true)
    .where('s.status', '=', 'live')
    .where('t.interaction_kind', 'in', kinds)
    .execute();
  if (triggers.length === 0) return;
  const now = Date.now();
  for (const t of triggers) {
    const cond = triggerCondition.parse(t.condition);
    for (const r of recorded) {
      if (r.kind !== t.interaction_kind) continue;
      if (cond.channels && !cond.channels.includes(r.channel)) continue;
      if (
        cond.minAmountMinor !== undefined &&
        (r.amountMinor ?? Number.NEGATIVE_INFINITY) < cond.minAmountMinor
      )
        continue;
      const due = r.occurredAt.getTime() + t.delay_hours * HOUR_MS;
      if (due < now - STALE_MS) continue;
      const data: TriggerFiring = {
        triggerId: t.id,
        customerId: r.customerId,
        source: r.source,
        sourceId: r.sourceId,
      };
      await ctx.queue.send(fireTriggerJob, data, { trx, startAfter: new Date(Math.max(due, now)) });
    }
  }
};
