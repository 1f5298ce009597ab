import { DAY_MS } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/context.ts';
import { scanInteractions, searchCustomers } from '../customers/index.ts';
import { buildRuleFacts, type CustomerFacts, eventFacts } from './build-rule-facts.ts';
import { describeEvent } from './case-text.ts';
import { compileCondition } from './compile-condition.ts';
import type { RuleFields } from './schemas.ts';

export type DryRun = {
  evaluated: number;
  matched: number;
  customers: number;
  truncated: boolean;
  samples: { customerId: string; occurredAt: Date | null; kind: string | null; summary: string }[];
};

const MAX_SAMPLES = 100;

/**
 * What a rule (saved or not) would have raised, without raising anything. Event rules replay the
 * touchpoints of a past window; scheduled rules look at active customers as they are today. The
 * customer side of the facts is today's profile and aggregates, not as they were back then.
 */
export async function dryRunRule(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  rule: Pick<RuleFields, 'trigger' | 'condition' | 'eventKinds' | 'eventChannels' | 'name'>,
  opts: { from?: Date; to?: Date; limit: number },
): Promise<DryRun> {
  const condition = compileCondition(rule.condition);
  const now = ctx.clock.now();
  const out: DryRun = { evaluated: 0, matched: 0, customers: 0, truncated: false, samples: [] };
  const hit = new Set<string>();
  const cache = new Map<string, CustomerFacts>();
  const customerFacts = async (id: string) => {
    let c = cache.get(id);
    if (!c) {
      c = (await buildRuleFacts(ctx, id, null)).customer;
      cache.set(id, c);
    }
    return c;
  };
  if (rule.trigger === 'event') {
    const events = await scanInteractions(ctx, {
      from: opts.from ?? new Date(now.getTime() - 30 * DAY_MS),
      to: opts.to ?? now,
      kinds: rule.eventKinds,
      channels: rule.eventChannels,
      limit: opts.limit,
    });
    out.truncated = events.length === opts.limit;
    for (const e of events) {
      out.evaluated++;
      const c = await customerFacts(e.customerId);
      const facts = { event: eventFacts(e), customer: c.facts, scores: {}, now: e.occurredAt };
      if (!condition(facts)) continue;
      out.matched++;
      hit.add(e.customerId);
      if (out.samples.length < MAX_SAMPLES) {
        out.samples.push({
          customerId: e.customerId,
          occurredAt: e.occurredAt,
          kind: e.kind,
          summary: `${rule.name}: ${describeEvent(facts.event)}`,
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
      for (const cust of page.data) {
        out.evaluated++;
        const { facts } = await buildRuleFacts(ctx, cust.id, null);
        if (!condition(facts)) continue;
        out.matched++;
        hit.add(cust.id);
        if (out.samples.length < MAX_SAMPLES)
          out.samples.push({ customerId: cust.id, occurredAt: null, kind: null, summary: rule.name });
      }
      if (!page.nextCursor) break;
      after = page.nextCursor;
      if (out.evaluated >= opts.limit) out.truncated = true;
    }
  }
  out.customers = hit.size;
  return out;
}
