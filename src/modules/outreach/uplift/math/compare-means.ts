import { studentTCdf, studentTQuantile } from './distributions.ts';
import { type Moments, mean, sampleVariances } from './moments.ts';

export type Difference = {
  /** treated − held-out */
  difference: number;
  low: number;
  high: number;
  pValue: number;
  standardError: number;
};

/**
 * Welch's t comparison of two means from their sufficient statistics: the difference of
 * (treated − held-out), its 95% interval on Welch–Satterthwaite degrees of freedom and the
 * two-sided p-value. Undefined (null) when either arm has fewer than two customers.
 */
export function welchFromStats(
  t: { n: number; mean: number; variance: number },
  c: { n: number; mean: number; variance: number },
): Difference | null {
  if (t.n < 2 || c.n < 2) return null;
  const a = t.variance / t.n;
  const b = c.variance / c.n;
  const se = Math.sqrt(a + b);
  const difference = t.mean - c.mean;
  if (se === 0) {
    return {
      difference,
      low: difference,
      high: difference,
      pValue: difference === 0 ? 1 : 0,
      standardError: 0,
    };
  }
  const df = (a + b) ** 2 / (a ** 2 / (t.n - 1) + b ** 2 / (c.n - 1));
  const q = studentTQuantile(0.975, df);
  const stat = Math.abs(difference / se);
  return {
    difference,
    low: difference - q * se,
    high: difference + q * se,
    pValue: Math.min(1, 2 * (1 - studentTCdf(stat, df))),
    standardError: se,
  };
}

/** Welch on the outcome sums of two arms. */
export function compareMeans(treated: Moments, heldOut: Moments): Difference | null {
  const arm = (m: Moments) => ({ n: m.n, mean: mean(m.n, m.sy), variance: sampleVariances(m).vy });
  return welchFromStats(arm(treated), arm(heldOut));
}
