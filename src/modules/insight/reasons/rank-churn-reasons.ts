import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { type ChurnDefinition, churnDefinition } from '../churn/churn-definition.ts';
import { type ChurnSubject, loadChurnInputs } from '../churn/load-churn-inputs.ts';
import { getInsightSettings } from '../get-settings.ts';
import type { ChurnDriverView } from '../tables.ts';
import { type ChurnReasonItem, registeredChurnReasonSources } from './churn-reason-sources.ts';

export type RankedReason = {
  reason: string;
  /** Which sources named it, with how many customers each. */
  sources: Record<string, number>;
  customers: number;
  /** Churned value (lifetime revenue of the churned customers) attributed to this reason. */
  churnedValueMinor: number;
  valueShare: number;
  customerShare: number;
};

export type ChurnReasonRanking = {
  since: string;
  definition: ChurnDefinition;
  churnedCustomers: number;
  churnedValueMinor: number;
  currency: string | null;
  reasons: RankedReason[];
};

// Model drivers are inferred, stated reasons (a survey answer, a case's root cause) are evidence.
const CLASSIFIER_WEIGHT = 0.5;
const BATCH = 5000;

const DAY = 86_400_000;

/**
 * One ranked list of why customers leave, from every source: each churned customer's value
 * (lifetime revenue) is split over the reasons recorded for them in proportion to the evidence
 * weights, and reasons are ranked by the churned value behind them, so the most damaging are
 * attacked first. Churned = left since `since` by the churn definition in force (the same
 * departures as retention and survival); `includeLapsed: false` keeps cancellations only.
 */
export async function rankChurnReasons(
  ctx: Pick<Ctx, 'db'>,
  opts: {
    since: string;
    includeLapsed?: boolean;
    limit?: number;
    /** The departures, when the caller has them already (the scoring run). */
    subjects?: readonly ChurnSubject[];
    definition?: ChurnDefinition;
  },
): Promise<ChurnReasonRanking> {
  let definition = opts.definition;
  let subjects = opts.subjects;
  if (!definition || !subjects) {
    const basis = (await getInsightSettings(ctx)).churnDefinition;
    definition ??= churnDefinition(basis);
    subjects ??= await loadChurnInputs(ctx, { basis });
  }
  const sinceDay = Math.round(Date.parse(`${opts.since}T00:00:00Z`) / DAY);
  const leftIds = subjects
    .filter(
      (s) =>
        s.leftDay !== null &&
        s.leftDay >= sinceDay &&
        (s.how === 'cancelled' || (opts.includeLapsed ?? true)),
    )
    .map((s) => s.customerId);
  const churned: { customer_id: string; revenue: string; currency: string; drivers: ChurnDriverView[] }[] =
    [];
  for (let i = 0; i < leftIds.length; i += BATCH) {
    const ids = leftIds.slice(i, i + BATCH);
    const found = await sql<{
      customer_id: string;
      revenue: string;
      currency: string;
      drivers: ChurnDriverView[];
    }>`
      select customer_id, revenue_minor::text as revenue, currency, churn_drivers as drivers from insight_score
      where customer_id = any(${ids}::uuid[])`.execute(ctx.db);
    const byId = new Map(found.rows.map((r) => [r.customer_id, r]));
    // A customer who left before their first scoring run still counts, with no value or drivers.
    for (const id of ids)
      churned.push(byId.get(id) ?? { customer_id: id, revenue: '0', currency: '', drivers: [] });
  }
  const value = new Map(churned.map((r) => [r.customer_id, Number(r.revenue)]));
  const items: (ChurnReasonItem & { source: string })[] = [];
  for (const r of churned) {
    const top = r.drivers[0];
    if (top)
      items.push({
        customerId: r.customer_id,
        reason: top.label,
        weight: CLASSIFIER_WEIGHT,
        source: 'classifier',
      });
  }
  const ids = churned.map((r) => r.customer_id);
  for (const source of registeredChurnReasonSources()) {
    for (let i = 0; i < ids.length; i += BATCH) {
      for (const item of await source.list(ctx, ids.slice(i, i + BATCH))) {
        if (value.has(item.customerId) && item.reason.trim())
          items.push({ ...item, reason: item.reason.trim(), source: source.key });
      }
    }
  }
  const perCustomer = new Map<string, number>();
  for (const it of items)
    perCustomer.set(it.customerId, (perCustomer.get(it.customerId) ?? 0) + (it.weight ?? 1));
  const byReason = new Map<
    string,
    { label: string; sources: Record<string, number>; customers: Set<string>; value: number }
  >();
  for (const it of items) {
    const key = it.reason.toLowerCase();
    const agg = byReason.get(key) ?? {
      label: it.reason,
      sources: {},
      customers: new Set<string>(),
      value: 0,
    };
    agg.sources[it.source] = (agg.sources[it.source] ?? 0) + 1;
    agg.customers.add(it.customerId);
    agg.value +=
      ((value.get(it.customerId) ?? 0) * (it.weight ?? 1)) / (perCustomer.get(it.customerId) as number);
    byReason.set(key, agg);
  }
  const totalValue = [...value.values()].reduce((s, v) => s + v, 0);
  const reasons = [...byReason.values()]
    .map((a) => ({
      reason: a.label,
      sources: a.sources,
      customers: a.customers.size,
      churnedValueMinor: Math.round(a.value),
      valueShare: totalValue ? a.value / totalValue : 0,
      customerShare: churned.length ? a.customers.size / churned.length : 0,
    }))
    .sort(
      (a, b) =>
        b.churnedValueMinor - a.churnedValueMinor ||
        b.customers - a.customers ||
        a.reason.localeCompare(b.reason),
    )
    .slice(0, opts.limit ?? 50);
  return {
    since: opts.since,
    definition,
    churnedCustomers: churned.length,
    churnedValueMinor: totalValue,
    currency: churned.find((r) => r.currency)?.currency ?? null,
    reasons,
  };
}
