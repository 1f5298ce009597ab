/** Quintile cut points (20/40/60/80th percentiles) of a population, for 1–5 RFM scores. */
export function quintileCuts(values: Float64Array): number[] {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return [0, 0, 0, 0];
  return [0.2, 0.4, 0.6, 0.8].map(
    (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number,
  );
}

/** 1–5 by quintile; `higherIsBetter` false flips it (recency in days: fewer is better). */
export function quintileScore(value: number, cuts: readonly number[], higherIsBetter = true): number {
  let q = 1;
  for (const c of cuts) if (value > c) q++;
  return higherIsBetter ? q : 6 - q;
}

/**
 * The usual named RFM segments from recency and frequency scores (monetary breaks ties in
 * marketing use, not in the naming): who to reward, who to win back, who is slipping away.
 */
export function rfmSegment(r: number, f: number): string {
  if (r >= 4 && f >= 4) return 'champions';
  if (r >= 3 && f >= 3) return 'loyal';
  if (r >= 4 && f <= 1) return r === 5 ? 'new' : 'promising';
  if (r >= 4) return 'potential-loyalists';
  if (r === 3) return f <= 1 ? 'about-to-sleep' : 'needs-attention';
  if (f >= 5 && r === 1) return 'cannot-lose';
  if (f >= 3) return 'at-risk';
  return 'hibernating';
}
