import { DAY_MS } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/context.ts';
import { defineJob } from '../../kernel/context.ts';
import type { RecordedInteraction } from '../customers/index.ts';
import { applyContact } from './apply-contact.ts';
import { buildRuleFacts, eventFacts } from './build-rule-facts.ts';
import { describeEvent } from './case-text.ts';
import { evaluateRule, type RuleFacts } from './compile-condition.ts';
import { type EventItem, fromEventItem } from './event-item.ts';
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

/** Evaluates the event rules that listen to one touchpoint and raises each that matches. */
async function evaluateOne(
  ctx: Ctx,
  e: RecordedInteraction,
  rules: RuleRow[],
  errors: RuleErrors,
): Promise<FlagResult[]> {
  const outcome = (rule: RuleRow, f: RuleFacts) => evaluateRule(rule, f);
  // Most touchpoints raise nothing, and most rules look at the touchpoint alone: those are
  // decided without loading the customer (the rest, naming `customer` or `scores`, need it).
  // A rule that fails here is evaluated again with the full facts, where its error is counted.
  const bare: RuleFacts = { event: eventFacts(e), customer: {}, scores: {}, now: ctx.clock.now() };
  const candidates = rules.filter((r) => {
    if (NEEDS_CUSTOMER.test(r.condition)) return true;
    const o = outcome(r, bare);
    return 'error' in o || o.matched;
  });
  if (candidates.length === 0) return [];
  const { facts, customer } = await buildRuleFacts(ctx, e.customerId, e);
  const results: FlagResult[] = [];
  for (const rule of candidates) {
    const o = outcome(rule, facts);
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
        customer,
      }),
    );
  }
  return results;
}

/**
 * The real-time path of the loop: for each touchpoint, first what it means for open cases (a
 * first contact, a finished task, a follow-up answer), then the red-flag rules listening to it.
 * Safe to rerun: every effect is keyed (alert per rule and touchpoint, task per step, …).
 */
export async function evaluateEvents(
  ctx: Ctx,
  items: EventItem[],
): Promise<{ flags: number; opened: number }> {
  const ruleIds = [...new Set(items.flatMap((i) => i.ruleIds))];
  const rules = ruleIds.length ? await loadRules(ctx, ruleIds) : [];
  const oldest = ctx.clock.now().getTime() - MAX_EVENT_AGE_DAYS * DAY_MS;
  let flags = 0;
  let opened = 0;
  const errors = new RuleErrors();
  const one = async (item: EventItem) => {
    const e = fromEventItem(item);
    await applyContact(ctx, e);
    if (e.occurredAt.getTime() < oldest) return;
    const results = await evaluateOne(
      ctx,
      e,
      rules.filter((r) => item.ruleIds.includes(r.id)),
      errors,
    );
    flags += results.filter((r) => r.status === 'opened' || r.status === 'added').length;
    opened += results.filter((r) => r.status === 'opened').length;
  };
  // A few at a time: the last answer of a large ingest batch should not wait for all the others.
  // Two touchpoints of one customer may run together; the case's row lock orders them.
  for (let i = 0; i < items.length; i += PARALLEL) await Promise.all(items.slice(i, i + PARALLEL).map(one));
  await recordRuleErrors(ctx, errors);
  return { flags, opened };
}

export const evaluateEventsJob = defineJob<{ items: EventItem[] }>({
  name: 'loop.evaluate-events',
  retryLimit: 5,
  notify: true,
  pollingIntervalSeconds: 0.5,
  localConcurrency: 8,
  // Short, so a job whose worker was killed is retried within seconds, not after 15 minutes.
  expireInSeconds: 15,
  handle: (ctx, data) => evaluateEvents(ctx, data.items),
});
