import { availableParallelism } from 'node:os';
import { DAY_MS } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/context.ts';
import { defineJob } from '../../kernel/context.ts';
import type { RecordedInteraction } from '../customers/index.ts';
import { applyContact, customersWithCases } from './apply-contact.ts';
import { buildRuleFactsBatch, type CustomerFacts, eventFacts } from './build-rule-facts.ts';
import { describeEvent } from './case-text.ts';
import { evaluateRule, type RuleFacts } from './compile-condition.ts';
import { type EventItem, fromEventItem, isCaseSignal } from './event-item.ts';
import { type FlagResult, raiseFlag } from './raise-flag.ts';
import { RuleErrors, recordRuleErrors } from './record-rule-errors.ts';

/**
 * Touchpoints older than this when they arrive (a back-fill, a CSV import of last year) move
 * cases along but raise no red flags: nobody can act on a two-year-old complaint in real time.
 */
export const MAX_EVENT_AGE_DAYS = 7;
const PARALLEL = 5;
const NEEDS_CUSTOMER = /\b(customer|scores)\b/;

type RuleRow = Awaited<ReturnType<typeof loadRules>>[number];
const loadRules = (ctx: Pick<Ctx, 'db'>, ids: string[]) =>
  ctx.db
    .selectFrom('red_flag_rule')
    .selectAll()
    .where('id', 'in', ids)
    .where('enabled', '=', true)
    .where('trigger', '=', 'event')
    .execute();

/**
 * The rules that may match a touchpoint. Most touchpoints raise nothing, and most rules look at
 * the touchpoint alone: those are decided without the customer (the rest, naming `customer` or
 * `scores`, need them). A rule that fails here is kept, so its error is counted with full facts.
 */
function candidates(ctx: Pick<Ctx, 'clock'>, e: RecordedInteraction, rules: RuleRow[]): RuleRow[] {
  if (rules.length === 0) return [];
  const bare: RuleFacts = { event: eventFacts(e), customer: {}, scores: {}, now: ctx.clock.now() };
  return rules.filter((r) => {
    if (NEEDS_CUSTOMER.test(r.condition)) return true;
    const o = evaluateRule(r, bare);
    return 'error' in o || o.matched;
  });
}

/** Evaluates a touchpoint's candidate rules against its customer's facts and raises each that matches. */
async function raiseMatches(
  ctx: Ctx,
  e: RecordedInteraction,
  rules: RuleRow[],
  built: { facts: RuleFacts; customer: CustomerFacts },
  errors: RuleErrors,
): Promise<FlagResult[]> {
  const facts: RuleFacts = { ...built.facts, event: eventFacts(e) };
  const results: FlagResult[] = [];
  for (const rule of rules) {
    const o = evaluateRule(rule, facts);
    if ('error' in o) errors.add(rule.id, o.error);
    if (!('matched' in o) || !o.matched) continue;
    const event = { ...facts.event, occurredAt: e.occurredAt.toISOString() };
    results.push(
      await raiseFlag(ctx, {
        customerId: e.customerId,
        rule: {
          id: rule.id,
          key: rule.key,
          name: rule.name,
          severity: rule.severity,
          playbookId: rule.playbook_id,
          notify: rule.notify,
          cooldownDays: rule.cooldown_days,
        },
        triggerKey: `${e.source}:${e.sourceId}`,
        summary: `${rule.name}: ${describeEvent(event)}`,
        event,
        customer: built.customer,
      }),
    );
  }
  return results;
}

/**
 * The real-time path of the loop, for a batch of touchpoints: for each, first what it means for
 * open cases (a first contact, a finished task, a follow-up answer), then the red-flag rules
 * listening to it. The reads are batched: the rules, which customers have a case, and the facts
 * (360 aggregates, open items, scores) of every customer a rule needs are one statement each for
 * the whole batch, not per touchpoint; only flags that match write, each in its own transaction.
 * The facts are read once, before the batch's flags: a rule sees a case opened by an earlier
 * touchpoint of the same batch in `openItems` only on a later batch.
 * Safe to rerun: every effect is keyed (alert per rule and touchpoint, task per step, …).
 */
export async function evaluateEvents(
  ctx: Ctx,
  items: EventItem[],
): Promise<{ flags: number; opened: number }> {
  const ruleIds = [...new Set(items.flatMap((i) => i.ruleIds))];
  const rules = ruleIds.length ? await loadRules(ctx, ruleIds) : [];
  const oldest = ctx.clock.now().getTime() - MAX_EVENT_AGE_DAYS * DAY_MS;
  const events = items.map((item) => {
    const e = fromEventItem(item);
    const listening = e.occurredAt.getTime() < oldest ? [] : rules.filter((r) => item.ruleIds.includes(r.id));
    return { e, rules: candidates(ctx, e, listening) };
  });
  const needFacts = [...new Set(events.filter((x) => x.rules.length).map((x) => x.e.customerId))];
  const [withCases, facts] = await Promise.all([
    customersWithCases(ctx, [...new Set(events.filter((x) => isCaseSignal(x.e)).map((x) => x.e.customerId))]),
    needFacts.length ? buildRuleFactsBatch(ctx, needFacts) : new Map(),
  ]);
  let flags = 0;
  let opened = 0;
  const errors = new RuleErrors();
  const one = async ({ e, rules: matching }: (typeof events)[number]) => {
    if (withCases.has(e.customerId) || typeof e.properties.loopTaskId === 'string')
      await applyContact(ctx, e, { probed: true });
    const built = facts.get(e.customerId);
    // No facts: the customer was erased after the touchpoint was queued; there is no one to flag.
    if (!matching.length || !built) return;
    const results = await raiseMatches(ctx, e, matching, built, errors);
    const raised = results.filter((r) => r.status === 'opened' || r.status === 'added');
    flags += raised.length;
    opened += results.filter((r) => r.status === 'opened').length;
    // A case opened here is one a later touchpoint of this batch (a call back) may move along.
    if (raised.length) withCases.add(e.customerId);
  };
  // A few at a time, in order: the last answer of a large ingest batch should not wait for all
  // the others. Two touchpoints of one customer may run together; the case's row lock orders them.
  for (let i = 0; i < events.length; i += PARALLEL) await Promise.all(events.slice(i, i + PARALLEL).map(one));
  await recordRuleErrors(ctx, errors);
  return { flags, opened };
}

// Each batch is mostly waiting on PostgreSQL: two per core keeps the cores busy without piling
// up connections (the pool has 10).
const CONCURRENCY = Math.max(2, 2 * availableParallelism());

export const evaluateEventsJob = defineJob<{ items: EventItem[] }>({
  name: 'loop.evaluate-events',
  retryLimit: 5,
  notify: true,
  pollingIntervalSeconds: 0.5,
  localConcurrency: CONCURRENCY,
  // Under a trickle each ingest call queues a job of one touchpoint: a worker takes up to 10 jobs
  // at once and evaluates them as one batch (at most 2,000 touchpoints, well inside the expiry).
  batchSize: 10,
  handleBatch: (ctx, data) =>
    evaluateEvents(
      ctx,
      data.flatMap((d) => d.items),
    ),
  // Short, so a job whose worker was killed is retried within seconds, not after 15 minutes.
  expireInSeconds: 15,
  handle: (ctx, data) => evaluateEvents(ctx, data.items),
});
