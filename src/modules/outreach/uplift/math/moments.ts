/**
 * What an arm contributes to the statistics, as sums SQL can aggregate in one pass: the count, the
 * outcome Y, the pre-period covariate X (pre-period spend), their squares and their product.
 * Every estimate below is a function of these sums, so no per-customer rows leave the database.
 */
export type Moments = { n: number; sy: number; syy: number; sx: number; sxx: number; sxy: number };

export const emptyMoments = (): Moments => ({ n: 0, sy: 0, syy: 0, sx: 0, sxx: 0, sxy: 0 });

/** Adds one customer's outcome y and covariate x (used by tests and simulations). */
export function addObservation(m: Moments, y: number, x: number): void {
  m.n += 1;
  m.sy += y;
  m.syy += y * y;
  m.sx += x;
  m.sxx += x * x;
  m.sxy += x * y;
}

export const mean = (n: number, s: number) => (n === 0 ? Number.NaN : s / n);

/** Sample variance and covariance (n − 1 in the denominator) from the sums. */
export function sampleVariances(m: Moments): { vy: number; vx: number; cxy: number } {
  if (m.n < 2) return { vy: Number.NaN, vx: Number.NaN, cxy: Number.NaN };
  const d = m.n - 1;
  // max(0, …): rounding can push a zero variance a hair below zero.
  return {
    vy: Math.max(0, (m.syy - (m.sy * m.sy) / m.n) / d),
    vx: Math.max(0, (m.sxx - (m.sx * m.sx) / m.n) / d),
    cxy: (m.sxy - (m.sx * m.sy) / m.n) / d,
  };
}
