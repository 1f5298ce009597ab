import type { EngagementSummary, PurchaseSummary } from '../../src/modules/customers/index.ts';
import { seededRandom } from '../../src/modules/insight/math/statistics.ts';

/** Gamma(shape, scale) by Marsaglia–Tsang (shape < 1 boosted). */
function gamma(rand: () => number, shape: number, scale: number): number {
  if (shape < 1) return gamma(rand, shape + 1, scale) * rand() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = Math.sqrt(-2 * Math.log(rand() || 1e-300)) * Math.cos(2 * Math.PI * rand());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    if (Math.log(rand()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
  }
}

const beta = (rand: () => number, a: number, b: number) => {
  const x = gamma(rand, a, 1);
  return x / (x + gamma(rand, b, 1));
};

/**
 * A pre-aggregated summary of `n` buyers drawn from BG/NBD (CDNOW's parameters, weeks) with
 * Gamma-Gamma spend (CDNOW's parameters, in cents), first purchases spread over two years before
 * `throughDay`: the "1M customers from a summary" input of the benchmark.
 */
export function simulateBuyers(
  n: number,
  throughDay: number,
  seed: number,
): { purchases: PurchaseSummary[]; engagement: EngagementSummary[] } {
  const rand = seededRandom(seed);
  const purchases: PurchaseSummary[] = [];
  const engagement: EngagementSummary[] = [];
  for (let i = 0; i < n; i++) {
    const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    const firstDay = throughDay - Math.floor(rand() * 730);
    const T = (throughDay - firstDay) / 7;
    const lambda = gamma(rand, 0.243, 1 / 4.414);
    const p = beta(rand, 0.793, 2.426);
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += -Math.log(1 - rand()) / lambda;
      if (t > T) break;
      x++;
      tx = t;
      if (rand() < p) break;
    }
    const nu = gamma(rand, 3.74, 1 / 1544);
    let spend = 0;
    for (let k = 0; k < x; k++) spend += Math.round(gamma(rand, 6.25, 1 / nu));
    const lastDay = firstDay + Math.floor(tx * 7);
    const history = {
      lastDay,
      days: x + 1,
      repeatAmountDays: x,
      repeatSpendMinor: spend,
      totalSpendMinor: spend + 2000,
    };
    purchases.push({ customerId: id, firstDay, through: history, split: null });
    engagement.push({
      customerId: id,
      status: 'active',
      lifecycleStage: null,
      firstSeenDay: firstDay,
      churnedDay: null,
      fields: {},
      through: {
        lastTouchDay: lastDay,
        lastPurchaseDay: lastDay,
        touches: Math.floor(rand() * 5),
        touchesPrior: Math.floor(rand() * 5),
        tickets: 0,
        sentiment: null,
        sentimentPrior: null,
        purchases: 0,
        spendMinor: 0,
        spendPriorMinor: 0,
      },
      cutoff: null,
    });
  }
  return { purchases, engagement };
}
