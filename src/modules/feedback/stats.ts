/**
 * Confidence intervals for small samples, all at 95%. Chosen for being exact enough at n = 5 and
 * deterministic (no bootstrap): Wilson for proportions (CSAT top-2-box, response rates, a
 * theme's low-score rate), adjusted Wald for NPS (Sauro & Lewis: add 3 pseudo-answers split ¼
 * promoter, ¼ detractor, ½ passive), Student's t for means (CES).
 */
const Z = 1.959964;

export type Interval = { low: number; high: number };

export function wilson(k: number, n: number): Interval | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = Z * Z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** NPS interval on the -100…100 scale from promoter and detractor counts. */
export function npsInterval(promoters: number, detractors: number, n: number): Interval | null {
  if (n <= 0) return null;
  const m = n + 3;
  const p = (promoters + 0.75) / m;
  const d = (detractors + 0.75) / m;
  const nps = p - d;
  const variance = p + d - nps * nps;
  const half = Z * Math.sqrt(variance / m);
  return { low: Math.max(-100, (nps - half) * 100), high: Math.min(100, (nps + half) * 100) };
}

// Two-sided 97.5% quantiles of Student's t for 1…30 degrees of freedom.
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
export function t975(df: number): number {
  if (df <= 30) return T975[Math.max(1, df) - 1] as number;
  if (df <= 40) return 2.021;
  if (df <= 60) return 2.0;
  if (df <= 120) return 1.98;
  return Z;
}

/** Interval of a mean from the count, sum and sum of squares. */
export function meanInterval(n: number, sum: number, sumSq: number): Interval | null {
  if (n < 2) return null;
  const mean = sum / n;
  const variance = Math.max(0, (sumSq - n * mean * mean) / (n - 1));
  const half = t975(n - 1) * Math.sqrt(variance / n);
  return { low: mean - half, high: mean + half };
}

/** Log odds ratio with the Haldane–Anscombe ½ correction, so empty cells stay finite. */
export const logOddsRatio = (a: number, b: number, c: number, d: number) =>
  Math.log(((a + 0.5) * (d + 0.5)) / ((b + 0.5) * (c + 0.5)));

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
