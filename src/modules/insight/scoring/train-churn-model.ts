import { type ChurnClassifier, trainChurnClassifier } from '../models/churn-classifier.ts';
import type { FeatureRow, FeatureSpec } from '../models/encode-features.ts';
import type { CustomerData, WindowColumns } from './customer-data.ts';

export type ChurnModel = {
  classifier: ChurnClassifier;
  /** "status": churned (a cancellation recorded) within the horizon; "silence": no touchpoint at all in it. */
  outcome: 'status' | 'silence';
  horizonDays: number;
  specs: FeatureSpec[];
};

const CAP_DAYS = 3 * 365;

const BASE_SPECS: FeatureSpec[] = [
  { name: 'tenureDays', label: 'Tenure (days)' },
  { name: 'daysSinceTouch', label: 'Days since last touchpoint' },
  { name: 'daysSincePurchase', label: 'Days since last purchase' },
  { name: 'touches', label: 'Touchpoints in window' },
  { name: 'touchTrend', label: 'Touchpoints vs previous window' },
  { name: 'tickets', label: 'Support tickets and complaints' },
  { name: 'sentiment', label: 'Average sentiment' },
  { name: 'purchases', label: 'Purchases in window' },
  { name: 'spend', label: 'Spend in window (log)' },
  { name: 'spendTrend', label: 'Spend vs previous window (log ratio)' },
  { name: 'lifecycleStage', label: 'Lifecycle stage', kind: 'categorical' },
];

/** The features of customer i as of `day`, from the window columns measured at that day. */
export function churnFeatures(
  data: CustomerData,
  cols: WindowColumns,
  i: number,
  day: number,
  fields: string[],
): FeatureRow {
  const w = data.window(cols, i);
  const since = (d: number | null | undefined) =>
    d === null || d === undefined ? CAP_DAYS : Math.min(CAP_DAYS, day - d);
  const row: FeatureRow = {
    tenureDays: Math.max(0, day - (data.firstSeenDay[i] as number)),
    daysSinceTouch: since(w?.lastTouchDay),
    daysSincePurchase: since(w?.lastPurchaseDay),
    touches: w?.touches ?? 0,
    touchTrend: (w?.touches ?? 0) - (w?.touchesPrior ?? 0),
    tickets: w?.tickets ?? 0,
    sentiment: w?.sentiment ?? null,
    purchases: w?.purchases ?? 0,
    spend: Math.log1p((w?.spendMinor ?? 0) / 100),
    spendTrend: Math.log1p((w?.spendMinor ?? 0) / 100) - Math.log1p((w?.spendPriorMinor ?? 0) / 100),
    lifecycleStage: data.lifecycleStage[i] ?? null,
  };
  for (const f of fields) {
    const v = data.fields[i]?.[f];
    row[`field:${f}`] = typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? v : null;
  }
  return row;
}

/**
 * Trains the churn classifier on history the timeline already resolved: features as of
 * `cutoffDay`, outcome observed between then and `throughDay`. When the company records
 * cancellations (customers marked churned), the outcome is that; otherwise it is going silent
 * (no touchpoint at all in the horizon), the non-contractual reading of churn. Returns null with
 * the reason when there are too few outcomes of either kind to learn from.
 */
export function trainChurnModel(
  data: CustomerData,
  opts: { cutoffDay: number; throughDay: number; fields: string[]; sampleSize: number },
): ChurnModel | { skipped: string } {
  const cutoff = data.cutoff;
  if (!cutoff) return { skipped: 'no cutoff window' };
  const eligible: number[] = [];
  let churnedInHorizon = 0;
  for (let i = 0; i < data.size; i++) {
    const seen = data.firstSeenDay[i] as number;
    const churned = data.churnedDay[i];
    if (!(seen <= opts.cutoffDay) || (churned !== null && churned !== undefined && churned <= opts.cutoffDay))
      continue;
    if (Number.isNaN(cutoff.touches[i] as number)) continue;
    eligible.push(i);
    if (churned !== null && churned !== undefined && churned <= opts.throughDay) churnedInHorizon++;
  }
  const outcome: ChurnModel['outcome'] = churnedInHorizon >= 10 ? 'status' : 'silence';
  const label = (i: number) => {
    if (outcome === 'status')
      return data.churnedDay[i] !== null && (data.churnedDay[i] as number) <= opts.throughDay;
    const last = data.through.lastTouchDay[i] as number;
    return Number.isNaN(last) || last <= opts.cutoffDay;
  };
  const step = Math.max(1, eligible.length / opts.sampleSize);
  const sample =
    eligible.length <= opts.sampleSize
      ? eligible
      : Array.from({ length: opts.sampleSize }, (_, k) => eligible[Math.floor(k * step)] as number);
  const labels = sample.map(label);
  const positives = labels.filter(Boolean).length;
  if (positives < 10 || sample.length - positives < 10) {
    return {
      skipped: `too few outcomes to learn from (${positives} churned, ${sample.length - positives} stayed)`,
    };
  }
  const specs: FeatureSpec[] = [...BASE_SPECS, ...opts.fields.map((f) => ({ name: `field:${f}`, label: f }))];
  const rows = sample.map((i) => churnFeatures(data, cutoff, i, opts.cutoffDay, opts.fields));
  const horizonDays = opts.throughDay - opts.cutoffDay;
  return { classifier: trainChurnClassifier(rows, labels, specs), outcome, horizonDays, specs };
}
