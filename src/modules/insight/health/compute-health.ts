import type { HealthComponentView, StoredComponent } from '../tables.ts';

/** A component reading: Tenure's own carry the numbers of their sentence, registered ones the sentence. */
export type RawComponent = { key: string; score: number; values?: (number | null)[]; detail?: string };

/**
 * Health 0–100 as the weighted mean of the components this customer has: weights of absent
 * components (no purchases yet, no survey answered, a module not installed) are renormalised
 * over the present ones, so a missing signal never counts as a bad one.
 */
export function computeHealth(
  components: readonly RawComponent[],
  weights: Readonly<Record<string, number>>,
): { health: number | null; components: StoredComponent[] } {
  const present = components.filter((c) => (weights[c.key] ?? 0) > 0 && Number.isFinite(c.score));
  const total = present.reduce((s, c) => s + (weights[c.key] as number), 0);
  if (total === 0) return { health: null, components: [] };
  const stored = present.map((c) => {
    const out: StoredComponent = {
      k: c.key,
      s: Math.round(Math.min(100, Math.max(0, c.score))),
      // Three decimals keep the weights summing to 1 within 0.002 and the rows small.
      w: Math.round(((weights[c.key] as number) / total) * 1000) / 1000,
    };
    if (c.values)
      out.v = c.values.map((v) => (v === null || !Number.isFinite(v) ? null : Math.round(v * 1000) / 1000));
    if (c.detail !== undefined) out.d = c.detail;
    return out;
  });
  const health = Math.round(
    present.reduce(
      (s, c) => s + ((weights[c.key] as number) / total) * Math.round(Math.min(100, Math.max(0, c.score))),
      0,
    ),
  );
  return { health, components: stored };
}

/**
 * What moved a score between two readings: each component's change in weighted points, largest
 * first. Components that appeared or vanished count from or to zero.
 */
export function explainChange(
  now: readonly HealthComponentView[],
  before: Readonly<Record<string, number>>,
): { key: string; label: string; from: number | null; to: number; points: number }[] {
  return now
    .map((c) => {
      const from = before[c.key] ?? null;
      return {
        key: c.key,
        label: c.label,
        from,
        to: c.score,
        points: c.weight * (c.score - (from ?? c.score)),
      };
    })
    .filter((m) => Math.abs(m.points) >= 0.5)
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
}
