import { DAY_MS } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/context.ts';
import { notFound } from '../../kernel/errors.ts';
import { type Customer360, getCustomer360s, type RecordedInteraction } from '../customers/index.ts';
import type { RuleFacts } from './compile-condition.ts';
import { loadScores } from './load-scores.ts';

/** Lifetime spend (in minor units, any one currency) from which a customer counts as high-value. */
export const HIGH_VALUE_MINOR = 100_000;

export type CustomerFacts = {
  facts: Record<string, unknown>;
  ownerId: string | null;
  valueMinor: number;
  valueCurrency: string | null;
  emails: string[];
  phones: string[];
  name: string | null;
};

/**
 * The customer as rules see it: profile, timeline aggregates and a few derived measures that
 * default rules need (usual gap between purchases, high value). Money stays per currency; the
 * largest balance stands for "value" because currencies cannot be added.
 */
export function customerFacts(c: Customer360, now: number): CustomerFacts {
  const a = c.aggregates;
  const top = [...a.lifetimeSpend].sort((x, y) => y.minor - x.minor)[0];
  const meanGap =
    a.purchaseCount >= 2 && a.firstPurchaseAt && a.lastPurchaseAt
      ? Math.max(
          1,
          (a.lastPurchaseAt.getTime() - a.firstPurchaseAt.getTime()) / DAY_MS / (a.purchaseCount - 1),
        )
      : null;
  const facts: Record<string, unknown> = {
    id: c.id,
    name: c.name,
    status: c.status,
    lifecycleStage: c.lifecycleStage,
    timeZone: c.timeZone,
    locale: c.locale,
    ownerId: c.ownerId,
    customFields: c.customFields,
    firstSeenAt: c.firstSeenAt,
    tenureDays: a.tenureDays,
    purchaseCount: a.purchaseCount,
    firstPurchaseAt: a.firstPurchaseAt,
    lastPurchaseAt: a.lastPurchaseAt,
    daysSinceLastPurchase: a.lastPurchaseAt ? Math.floor((now - a.lastPurchaseAt.getTime()) / DAY_MS) : null,
    meanPurchaseIntervalDays: meanGap,
    lifetimeSpend: a.lifetimeSpend,
    lifetimeSpendMinor: top?.minor ?? 0,
    highValue: (top?.minor ?? 0) >= HIGH_VALUE_MINOR,
    lastContactAt: a.lastContactAt,
    lastContactChannel: a.lastContactChannel,
    daysSinceLastContact: a.daysSinceLastContact,
    interactionCount: a.interactionCount,
    openItems: a.openItems,
  };
  return {
    facts,
    ownerId: c.ownerId,
    valueMinor: top?.minor ?? 0,
    valueCurrency: top?.currency ?? null,
    emails: c.emails,
    phones: c.phones,
    name: c.name,
  };
}

/** The touchpoint as rules see it, with dates as CEL timestamps. */
export const eventFacts = (e: RecordedInteraction): Record<string, unknown> => ({
  kind: e.kind,
  channel: e.channel,
  direction: e.direction,
  source: e.source,
  sourceId: e.sourceId,
  occurredAt: e.occurredAt,
  amountMinor: e.amountMinor,
  currency: e.currency,
  sentiment: e.sentiment,
  properties: e.properties,
});

/** One customer as rules see it (tests and callers that need no scores). */
export async function buildCustomerFacts(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  customerId: string,
): Promise<CustomerFacts> {
  const c = (await getCustomer360s(ctx, [customerId])).get(customerId);
  if (!c) throw notFound('Customer', customerId);
  return customerFacts(c, ctx.clock.now().getTime());
}

/**
 * Everything a condition can name, for a batch of customers (a page of the nightly pass, or the
 * one customer of a touchpoint): three statements whatever the batch size: the 360 aggregates,
 * open items, and insight's scores.
 */
export async function buildRuleFactsBatch(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  customerIds: string[],
): Promise<Map<string, { facts: RuleFacts; customer: CustomerFacts }>> {
  const [customers, scores] = await Promise.all([
    getCustomer360s(ctx, customerIds),
    loadScores(ctx, customerIds),
  ]);
  const now = ctx.clock.now();
  const out = new Map<string, { facts: RuleFacts; customer: CustomerFacts }>();
  for (const [id, c] of customers) {
    const customer = customerFacts(c, now.getTime());
    out.set(id, {
      facts: { event: null, customer: customer.facts, scores: scores.get(id) ?? {}, now },
      customer,
    });
  }
  return out;
}

/** Everything a condition can name, for one customer and (for event rules) one touchpoint. */
export async function buildRuleFacts(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  customerId: string,
  event: RecordedInteraction | null,
): Promise<{ facts: RuleFacts; customer: CustomerFacts }> {
  const built = (await buildRuleFactsBatch(ctx, [customerId])).get(customerId);
  if (!built) throw notFound('Customer', customerId);
  return { ...built, facts: { ...built.facts, event: event ? eventFacts(event) : null } };
}
