import type { EngagementWindow } from '../../customers/index.ts';
import type { RawComponent } from './compute-health.ts';

/** The share of a sorted population at or below a value (a percentile rank in [0, 1]). */
export function percentileRank(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length ? lo / sorted.length : 0;
}

export const BUILTIN_LABELS: Record<string, string> = {
  recency: 'Engagement recency',
  frequency: 'Engagement frequency',
  spendTrend: 'Spend trend',
  sentiment: 'Sentiment',
  alive: 'P(alive)',
  churn: 'Churn risk',
};

const pct = (v: number) => `${v >= 0 ? '+' : ''}${Math.round(v * 100)}%`;

/** The sentence of one of Tenure's own components, from the numbers stored with it. */
export function describeBuiltin(key: string, v: readonly (number | null)[]): string {
  const [a, b, c] = v;
  switch (key) {
    case 'recency':
      return `last touchpoint ${a} days ago`;
    case 'frequency':
      return `${a} touchpoints in ${c} days (${b} the ${c} days before)`;
    case 'spendTrend':
      return a === null
        ? `new spend in the last ${b} days`
        : `spend ${pct(a as number)} vs the previous ${b} days`;
    case 'sentiment':
      return `average sentiment ${(a ?? 0).toFixed(2)}${b === null || b === undefined ? '' : `, ${(a ?? 0) >= b ? 'up' : 'down'} from ${b.toFixed(2)}`}`;
    case 'alive':
      return `${Math.round(100 * (a ?? 0))}% likely still an active buyer`;
    case 'churn':
      return `${Math.round(100 * (a ?? 0))}% churn probability`;
    default:
      return '';
  }
}

/**
 * The health components Tenure computes itself from the timeline and the models. Each returns
 * nothing when the customer has no data for it (so its weight goes to the others). They carry
 * the numbers of their sentence, not the sentence: a million rows a night stay small.
 */
export function builtinComponents(input: {
  today: number;
  windowDays: number;
  engagement: EngagementWindow | null;
  touchesSorted: Float64Array;
  pAlive: number | null;
  churnProbability: number | null;
}): RawComponent[] {
  const out: RawComponent[] = [];
  const e = input.engagement;
  const w = input.windowDays;
  if (e?.lastTouchDay != null) {
    const days = Math.max(0, input.today - e.lastTouchDay);
    // Halves every 45 days without a touchpoint: 2 weeks ≈ 81, 3 months ≈ 25.
    out.push({ key: 'recency', score: 100 * 0.5 ** (days / 45), values: [days] });
  }
  if (e) {
    const rank = percentileRank(input.touchesSorted, e.touches);
    out.push({
      key: 'frequency',
      score: e.touches === 0 ? 0 : 100 * rank,
      values: [e.touches, e.touchesPrior, w],
    });
    if (e.spendMinor > 0 || e.spendPriorMinor > 0) {
      const change = e.spendPriorMinor > 0 ? (e.spendMinor - e.spendPriorMinor) / e.spendPriorMinor : null;
      const ratio = Math.log((e.spendMinor + 1) / (e.spendPriorMinor + 1));
      out.push({ key: 'spendTrend', score: 50 + 50 * Math.tanh(ratio), values: [change, w] });
    }
    if (e.sentiment !== null) {
      out.push({ key: 'sentiment', score: 50 + 50 * e.sentiment, values: [e.sentiment, e.sentimentPrior] });
    }
  }
  if (input.pAlive !== null) out.push({ key: 'alive', score: 100 * input.pAlive, values: [input.pAlive] });
  if (input.churnProbability !== null) {
    out.push({ key: 'churn', score: 100 * (1 - input.churnProbability), values: [input.churnProbability] });
  }
  return out;
}
