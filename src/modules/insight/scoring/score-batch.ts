import type { Ctx } from '../../../kernel/context.ts';
import { builtinComponents } from '../health/builtin-components.ts';
import { computeHealth, type RawComponent } from '../health/compute-health.ts';
import type { HealthComponentProvider } from '../health/health-components.ts';
import { predictChurn } from '../models/churn-classifier.ts';
import { computeClv } from '../models/clv.ts';
import {
  conditionalExpectedPurchases,
  type PurchaseModel,
  probabilityAlive,
} from '../models/purchase-model.ts';
import { quintileScore, rfmSegment } from '../models/rfm.ts';
import type { SpendModel } from '../models/spend-model.ts';
import type { CustomerData } from './customer-data.ts';
import { type ChurnModel, churnFeatures } from './train-churn-model.ts';
import type { ScoreRow } from './write-scores.ts';

/** What every customer of a run is scored against, computed once per run. */
export type ScoringContext = {
  throughDay: number;
  windowDays: number;
  purchase: PurchaseModel | null;
  spend: SpendModel | null;
  churn: ChurnModel | null;
  classifierFields: string[];
  segmentFields: string[];
  monthEnds: number[];
  monthlyDiscount: number;
  expectedWeeks: number;
  rfmCuts: { recency: number[]; frequency: number[]; monetary: number[] };
  touchesSorted: Float64Array;
  weights: Record<string, number>;
  providers: HealthComponentProvider[];
  lapsedBelowProbabilityAlive: number;
  lapsedAfterDays: number;
};

// Three dates per customer: formatted once per distinct day (a few thousand), not per customer.
const dates = new Map<number, string>();
const dateOf = (day: number) => {
  let d = dates.get(day);
  if (d === undefined) dates.set(day, (d = new Date(day * 86_400_000).toISOString().slice(0, 10)));
  return d;
};
const orNull = (v: number) => (Number.isNaN(v) ? null : v);

/** Scores one batch of customers (indexes into `data`); registered health components are read for the batch. */
export async function scoreBatch(
  ctx: Pick<Ctx, 'db'>,
  data: CustomerData,
  idx: number[],
  s: ScoringContext,
): Promise<ScoreRow[]> {
  const ids = idx.map((i) => data.ids[i] as string);
  const readings = await Promise.all(s.providers.map(async (p) => ({ p, map: await p.read(ctx, ids) })));
  return idx.map((i, k) => {
    const id = ids[k] as string;
    const buyer = !Number.isNaN(data.x[i] as number);
    const x = data.x[i] as number;
    const tx = data.tx[i] as number;
    const T = data.T[i] as number;
    let pAlive: number | null = null;
    let expected: number | null = null;
    let clv: { value: number; spendPerPurchase: number } | null = null;
    if (buyer && s.purchase) {
      pAlive = probabilityAlive(s.purchase, x, tx, T);
      expected = conditionalExpectedPurchases(s.purchase, s.expectedWeeks, x, tx, T);
      if (s.spend) {
        clv = computeClv(
          s.purchase,
          s.spend,
          { x, tx, T, zbar: data.zbar[i] as number, spendX: data.spendX[i] as number },
          s.monthEnds,
          s.monthlyDiscount,
        );
      }
    }
    const prediction = s.churn
      ? predictChurn(
          s.churn.classifier,
          churnFeatures(data, data.through, i, s.throughDay, s.classifierFields),
        )
      : null;
    // A recorded cancellation is a fact the purchase model cannot see: a customer who told us they
    // left is not "probably still buying", and nothing more is expected of them unless won back.
    const left = data.status[i] === 'churned';
    if (left) {
      if (pAlive !== null) pAlive = 0;
      if (expected !== null) expected = 0;
      if (clv) clv = { ...clv, value: 0 };
    }
    const churnProbability = left && prediction ? 1 : (prediction?.probability ?? null);
    const components: RawComponent[] = builtinComponents({
      today: s.throughDay,
      windowDays: s.windowDays,
      engagement: data.window(data.through, i),
      touchesSorted: s.touchesSorted,
      // Under the no-dropout limit P(alive) is 1 for everyone: no signal, so no health component.
      pAlive: s.purchase?.kind === 'nbd' ? null : pAlive,
      churnProbability,
    });
    for (const { p, map } of readings) {
      const r = map.get(id);
      if (r) components.push({ key: p.key, score: r.score, detail: r.detail });
    }
    const health = computeHealth(components, s.weights);
    let rfm: ScoreRow['rfm'] = null;
    const daysSince = s.throughDay - (data.lastPurchaseDay[i] as number);
    if (buyer) {
      const r = quintileScore(daysSince, s.rfmCuts.recency, false);
      const f = quintileScore(x + 1, s.rfmCuts.frequency);
      const m = quintileScore((data.revenue[i] as number) / (x + 1), s.rfmCuts.monetary);
      rfm = { r, f, m, segment: rfmSegment(r, f) };
    }
    const churned = data.churnedDay[i];
    const segments: Record<string, string> = {};
    for (const f of s.segmentFields) {
      const v = data.fields[i]?.[f];
      if (v !== undefined && v !== null) segments[f] = String(v);
    }
    if (data.lifecycleStage[i]) segments.lifecycleStage = data.lifecycleStage[i] as string;
    return {
      customerId: id,
      status: data.status[i] as string,
      firstSeenOn: dateOf(
        Number.isNaN(data.firstSeenDay[i] as number)
          ? (data.firstPurchaseDay[i] as number)
          : (data.firstSeenDay[i] as number),
      ),
      churnedOn: churned === null || churned === undefined ? null : dateOf(churned),
      segments,
      firstPurchaseOn: buyer ? dateOf(data.firstPurchaseDay[i] as number) : null,
      lastPurchaseOn: buyer ? dateOf(data.lastPurchaseDay[i] as number) : null,
      frequency: buyer ? x : null,
      recencyWeeks: buyer ? tx : null,
      ageWeeks: buyer ? T : null,
      averageSpendMinor: buyer ? orNull(data.zbar[i] as number) : null,
      revenueMinor: data.revenue[i] as number,
      rfm,
      pAlive,
      expectedPurchases: expected,
      expectedSpendMinor: clv?.spendPerPurchase ?? null,
      clvMinor: clv?.value ?? null,
      churnProbability,
      churnDrivers: prediction?.drivers ?? [],
      health: health.health,
      components: health.components,
      lapsed:
        buyer &&
        data.status[i] !== 'churned' &&
        ((pAlive !== null && pAlive < s.lapsedBelowProbabilityAlive) || daysSince > s.lapsedAfterDays),
    };
  });
}
