import { DAY_MS } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/context.ts';
import { scanInteractions, searchCustomers } from '../customers/index.ts';
import { buildRuleFacts, buildRuleFactsBatch, type CustomerFacts, eventFacts } from './build-rule-facts.ts';
import { describeEvent } from './case-text.ts';
import { compileCondition } from './compile-condition.ts';
import type { RuleFields } from './schemas.ts';

export type DryRun = {
  from: Date | null;
  to: Date | null;
  evaluated: number;
  matched: number;
  customers: number;
  truncated: boolean;
  samples: {
    customerId: string;
    customerName: string | null;
    occurredAt: Date | null;
    kind: string | null;
    summary: string;
  }[];
};

const MAX_SAMPLES = 100;

/** What a nightly rule looks at, as a reason a person can read: "no contact for 120 days, …". */
function describeCustomer(facts: Record<string, unknown>, scores: Record<string, unknown>): string {
  const days = (v: unknown, what: string) =>
    typeof v === 'number' ? `${what} ${v} day${v === 1 ? '' : 's'} ago` : null;
  const parts = [
    facts.daysSinceLastContact == null ? 'never contacted' : days(facts.daysSinceLastContact, 'last contact'),
    days(facts.daysSinceLastPurchase, 'last purchase'),
    typeof facts.meanPurchaseIntervalDays === 'number'
      ? `usually buys every ${Math.round(facts.meanPurchaseIntervalDays)} days`
      : null,
    typeof scores.health === 'number' ? `health ${Math.round(scores.health)}` : null,
    typeof scores.healthDrop30d === 'number' && scores.healthDrop30d > 0
      ? `down ${Math.round(scores.healthDrop30d)} in 30 days`
      : null,
  ];
  return parts.filter(Boolean).join(', ');
}

/**
 * What a rule (saved or not) would have raised, without raising anything. Event rules replay the
 * touchpoints of a past window, newest first; scheduled rules look at active customers as they
 * are today. The customer side of the facts (profile, aggregates, scores) is today's, not as it
 * was back then.
 */
export async function dryRunRule(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  rule: Pick<RuleFields, 'trigger' | 'condition' | 'eventKinds' | 'eventChannels'>,
  opts: { from?: Date; to?: Date; limit: number },
): Promise<DryRun> {
  const condition = compileCondition(rule.condition, rule.trigger);
  const now = ctx.clock.now();
  const out: DryRun = {
    from: null,
    to: null,
    evaluated: 0,
    matched: 0,
    customers: 0,
    truncated: false,
    samples: [],
  };
  const hit = new Set<string>();
  const cache = new Map<string, { customer: CustomerFacts; scores: Record<string, unknown> }>();
  const customerFacts = async (id: string) => {
    let c = cache.get(id);
    if (!c) {
      const built = await buildRuleFacts(ctx, id, null);
      c = { customer: built.customer, scores: built.facts.scores };
      cache.set(id, c);
    }
    return c;
  };
  if (rule.trigger === 'event') {
    out.from = opts.from ?? new Date(now.getTime() - 30 * DAY_MS);
    out.to = opts.to ?? now;
    const events = await scanInteractions(ctx, {
      from: out.from,
      to: out.to,
      kinds: rule.eventKinds,
      channels: rule.eventChannels,
      limit: opts.limit,
    });
    out.truncated = events.length === opts.limit;
    // Newest first: a scan cut short by the limit covers only back to its oldest touchpoint.
    const oldest = events.at(-1);
    if (out.truncated && oldest) out.from = oldest.occurredAt;
    for (const e of events) {
      out.evaluated++;
      const { customer, scores } = await customerFacts(e.customerId);
      const facts = { event: eventFacts(e), customer: customer.facts, scores, now: e.occurredAt };
      if (!condition(facts)) continue;
      out.matched++;
      hit.add(e.customerId);
      if (out.samples.length < MAX_SAMPLES) {
        out.samples.push({
          customerId: e.customerId,
          customerName: customer.name ?? customer.emails[0] ?? null,
          occurredAt: e.occurredAt,
          kind: e.kind,
          summary: describeEvent(facts.event),
        });
      }
    }
  } else {
    let after: string | undefined;
    while (out.evaluated < opts.limit) {
      const page = await searchCustomers(ctx, {
        status: 'active',
        after,
        limit: Math.min(200, opts.limit - out.evaluated),
      });
      const built = await buildRuleFactsBatch(
        ctx,
        page.data.map((c) => c.id),
      );
      for (const cust of page.data) {
        const b = built.get(cust.id);
        if (!b) continue;
        out.evaluated++;
        const { facts, customer } = b;
        if (!condition(facts)) continue;
        out.matched++;
        hit.add(cust.id);
        if (out.samples.length < MAX_SAMPLES)
          out.samples.push({
            customerId: cust.id,
            customerName: customer.name ?? customer.emails[0] ?? null,
            occurredAt: null,
            kind: null,
            summary: describeCustomer(facts.customer, facts.scores),
          });
      }
      if (!page.nextCursor) break;
      after = page.nextCursor;
      if (out.evaluated >= opts.limit) out.truncated = true;
    }
  }
  out.customers = hit.size;
  return out;
}
