import type { Difference } from './compare-means.ts';
import { normalCdf, Z_975 } from './distributions.ts';

/**
 * Difference of two proportions (treated − held-out) with the unpooled normal (Wald) interval,
 * p ± 1.96·√(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂), and the two-sided p-value of the same unpooled z.
 * Unpooled so that the interval and the p-value agree (the p-value is below 0.05 exactly when
 * the interval excludes 0); with the arm sizes programs have, it covers as advertised (see the
 * coverage simulation).
 */
export function compareProportions(
  treated: { n: number; successes: number },
  heldOut: { n: number; successes: number },
): Difference | null {
  if (treated.n < 1 || heldOut.n < 1) return null;
  const p1 = treated.successes / treated.n;
  const p2 = heldOut.successes / heldOut.n;
  const difference = p1 - p2;
  const se = Math.sqrt((p1 * (1 - p1)) / treated.n + (p2 * (1 - p2)) / heldOut.n);
  if (se === 0) {
    return {
      difference,
      low: difference,
      high: difference,
      pValue: difference === 0 ? 1 : 0,
      standardError: 0,
    };
  }
  return {
    difference,
    low: difference - Z_975 * se,
    high: difference + Z_975 * se,
    pValue: Math.min(1, 2 * (1 - normalCdf(Math.abs(difference / se)))),
    standardError: se,
  };
}
