export type SurvivalPoint = {
  time: number;
  atRisk: number;
  events: number;
  censored: number;
  survival: number;
  /** Greenwood standard error of S(t). */
  standardError: number;
  lower: number;
  upper: number;
};

export type SurvivalCurve = {
  subjects: number;
  events: number;
  points: SurvivalPoint[];
  /** Smallest time with S(t) ≤ 0.5; null when the curve never gets there. */
  median: number | null;
  /** Where the confidence band crosses 0.5 (Brookmeyer–Crowley style); null ends are unbounded. */
  medianInterval: { lower: number | null; upper: number | null };
};

const Z95 = 1.959963984540054;

/**
 * Kaplan–Meier product-limit estimator with Greenwood variance and log(−log) confidence bands
 * (which, unlike plain ±1.96·se, stay inside [0, 1]). Durations at which someone is censored
 * count them at risk at that time, the usual convention.
 */
export function estimateKaplanMeier(
  durations: ArrayLike<number>,
  events: ArrayLike<boolean>,
  opts: { confidence?: number } = {},
): SurvivalCurve {
  const z = opts.confidence === undefined ? Z95 : quantileFor(opts.confidence);
  const byTime = new Map<number, { events: number; censored: number }>();
  let totalEvents = 0;
  for (let i = 0; i < durations.length; i++) {
    const t = durations[i] as number;
    const row = byTime.get(t) ?? { events: 0, censored: 0 };
    if (events[i]) {
      row.events++;
      totalEvents++;
    } else row.censored++;
    byTime.set(t, row);
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  let atRisk = durations.length;
  let s = 1;
  let greenwood = 0;
  const points: SurvivalPoint[] = [];
  for (const time of times) {
    const row = byTime.get(time) as { events: number; censored: number };
    if (row.events > 0 && atRisk > 0) {
      s *= 1 - row.events / atRisk;
      greenwood +=
        atRisk > row.events ? row.events / (atRisk * (atRisk - row.events)) : Number.POSITIVE_INFINITY;
    }
    const se = s * Math.sqrt(greenwood);
    let lower = 0;
    let upper = 1;
    if (s > 0 && s < 1 && Number.isFinite(greenwood)) {
      // Var(log(−log S)) = greenwood / (log S)²; S^exp(±z·sd) gives the band.
      const sd = Math.sqrt(greenwood) / Math.abs(Math.log(s));
      lower = s ** Math.exp(z * sd);
      upper = s ** Math.exp(-z * sd);
    } else if (s === 1) {
      lower = 1;
    }
    points.push({
      time,
      atRisk,
      events: row.events,
      censored: row.censored,
      survival: s,
      standardError: se,
      lower,
      upper,
    });
    atRisk -= row.events + row.censored;
  }
  const firstBelow = (pick: (p: SurvivalPoint) => number) => points.find((p) => pick(p) <= 0.5)?.time ?? null;
  return {
    subjects: durations.length,
    events: totalEvents,
    points,
    median: firstBelow((p) => p.survival),
    medianInterval: { lower: firstBelow((p) => p.lower), upper: firstBelow((p) => p.upper) },
  };
}

/** S(t) read off a curve: the value at the last step at or before t. */
export function survivalAt(curve: SurvivalCurve, t: number): number {
  let s = 1;
  for (const p of curve.points) {
    if (p.time > t) break;
    s = p.survival;
  }
  return s;
}

// Two-sided normal quantile for the usual levels; others fall back to 95%.
function quantileFor(confidence: number): number {
  const table: Record<string, number> = {
    '0.8': 1.2815515655446004,
    '0.9': 1.6448536269514722,
    '0.95': Z95,
    '0.99': 2.5758293035489004,
  };
  return table[String(confidence)] ?? Z95;
}
