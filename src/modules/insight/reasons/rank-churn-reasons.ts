import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
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
  churnedCustomers: number;
  churnedValueMinor: number;
  currency: string | null;
  reasons: RankedReason[];
};

// Model drivers are inferred, stated reasons (a survey answer, a case's root cause) are evidence.
const CLASSIFIER_WEIGHT = 0.5;
const BATCH = 5000;

/**
 * One ranked list of why customers leave, from every source: each churned customer's value
 * (lifetime revenue) is split over the reasons recorded for them in proportion to the evidence
 * weights, and reasons are ranked by the churned value behind them, so the most damaging are
 * attacked first. Churned = marked churned since `since`, plus lapsed buyers when `includeLapsed`.
 */
export async function rankChurnReasons(
  ctx: Pick<Ctx, 'db'>,
  opts: { since: string; includeLapsed?: boolean; limit?: number },
): Promise<ChurnReasonRanking> {
  const churned = await sql<{
    customer_id: string;
    revenue: string;
    currency: string;
    drivers: ChurnDriverView[];
  }>`
    select customer_id, revenue_minor::text as revenue, currency, churn_drivers as drivers from insight_score
    where (status = 'churned' and churned_on >= ${opts.since}::date)
       or (${opts.includeLapsed ?? true} and lapsed)`.execute(ctx.db);
  const value = new Map(churned.rows.map((r) => [r.customer_id, Number(r.revenue)]));
  const items: (ChurnReasonItem & { source: string })[] = [];
  for (const r of churned.rows) {
    const top = r.drivers[0];
    if (top)
      items.push({
        customerId: r.customer_id,
        reason: top.label,
        weight: CLASSIFIER_WEIGHT,
        source: 'classifier',
      });
  }
  const ids = churned.rows.map((r) => r.customer_id);
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
      customerShare: churned.rows.length ? a.customers.size / churned.rows.length : 0,
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
    churnedCustomers: churned.rows.length,
    churnedValueMinor: totalValue,
    currency: churned.rows[0]?.currency ?? null,
    reasons,
  };
}
