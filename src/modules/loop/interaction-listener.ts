import { DAY_MS } from '../../kernel/clock.ts';
import type { InteractionListener } from '../customers/index.ts';
import { evaluateEventsJob, MAX_EVENT_AGE_DAYS } from './evaluate-events.ts';
import { type EventItem, isCaseSignal, toEventItem } from './event-item.ts';
import { loadRuleIndex } from './rule-index.ts';

// Large ingest batches are cut into jobs of this many touchpoints, so several workers share them.
const ITEMS_PER_JOB = 200;

/**
 * Runs inside every ingest transaction with the touchpoints it just appended (never duplicates).
 * It queues their evaluation in the same transaction, so a touchpoint that commits is evaluated
 * (even if this process dies right after) and one that rolls back never is. Only touchpoints that
 * some enabled event rule can match (found in the in-memory rule index, and for rules that look at
 * the touchpoint alone, decided here), or that may move a case along, are queued: most touchpoints
 * (purchases, page views) cost one primary-key read per batch and no job.
 */
export const loopListener: InteractionListener = async (ctx, trx, recorded) => {
  const index = await loadRuleIndex(trx);
  // Touchpoints already too old to raise a flag (back-fills, imports) only matter to cases. The
  // worker checks again with its own clock; this only leaves out what it would skip anyway.
  const oldest = ctx.clock ? ctx.clock.now().getTime() - MAX_EVENT_AGE_DAYS * DAY_MS : -Infinity;
  const items: EventItem[] = [];
  for (const r of recorded) {
    const ruleIds = index.size && r.occurredAt.getTime() >= oldest ? index.rulesFor(r) : [];
    if (ruleIds.length || isCaseSignal(r)) items.push(toEventItem(r, ruleIds));
  }
  const jobs: { data: { items: EventItem[] } }[] = [];
  for (let i = 0; i < items.length; i += ITEMS_PER_JOB)
    jobs.push({ data: { items: items.slice(i, i + ITEMS_PER_JOB) } });
  // One statement for all of a batch's jobs.
  await ctx.queue.sendMany(evaluateEventsJob, jobs, { trx });
};
