import type { InteractionListener } from '../customers/index.ts';
import { evaluateEventsJob } from './evaluate-events.ts';
import { type EventItem, isCaseSignal, toEventItem } from './event-item.ts';

// Large ingest batches are cut into jobs of this many touchpoints, so several workers share them.
const ITEMS_PER_JOB = 200;

/**
 * Runs inside every ingest transaction with the touchpoints it just appended (never duplicates).
 * It queues their evaluation in the same transaction, so a touchpoint that commits is evaluated
 * (even if this process dies right after) and one that rolls back never is. Only touchpoints some
 * event rule listens to, or that may move a case along, are queued.
 */
export const loopListener: InteractionListener = async (ctx, trx, recorded) => {
  const rules = await trx
    .selectFrom('red_flag_rule')
    .select(['id', 'event_kinds', 'event_channels'])
    .where('enabled', '=', true)
    .where('trigger', '=', 'event')
    .execute();
  const items: EventItem[] = [];
  for (const r of recorded) {
    const ruleIds = rules
      .filter(
        (x) =>
          (x.event_kinds.length === 0 || x.event_kinds.includes(r.kind)) &&
          (x.event_channels.length === 0 || x.event_channels.includes(r.channel)),
      )
      .map((x) => x.id);
    if (ruleIds.length || isCaseSignal(r)) items.push(toEventItem(r, ruleIds));
  }
  for (let i = 0; i < items.length; i += ITEMS_PER_JOB) {
    await ctx.queue.send(evaluateEventsJob, { items: items.slice(i, i + ITEMS_PER_JOB) }, { trx });
  }
};
