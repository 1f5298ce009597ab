import { createRng } from './random.ts';
import { type Region, regions } from './vocabulary.ts';

export const DAY_MS = 86_400_000;
/** Time buckets of the history: events are written bucket by bucket, so the heap is in time order. */
export const BUCKETS = 36;
// One customer never has more events than this: keeps per-bucket counts in 16 bits and the
// heaviest timeline within what a real shop sees for its most loyal customers.
const MAX_EVENTS_PER_CUSTOMER = 20_000;

/**
 * Who the customers are and how many touchpoints each has in which month, decided up front from
 * the seed. Customers arrive at a growing rate over the years (ids are time-ordered, like the
 * app's UUIDv7s); about a third go quiet at some point; activity per customer is log-normal, so
 * a few are heavy and most are light, and the totals add up exactly to the requested count.
 */
export type DataPlan = {
  customers: number;
  events: number;
  start: number;
  end: number;
  firstSeen: Float64Array;
  lastActive: Float64Array;
  counts: Uint32Array;
  /** counts per customer and bucket: index customer * BUCKETS + bucket. */
  bucketCounts: Uint16Array;
  region: Region[];
  ids: string[];
};

export function planData(opts: {
  seed: number;
  customers: number;
  events: number;
  end: Date;
  years: number;
}): DataPlan {
  const n = opts.customers;
  const rng = createRng(opts.seed);
  const end = opts.end.getTime();
  const start = end - Math.round(opts.years * 365.25) * DAY_MS;
  const span = end - start;

  const firstSeen = new Float64Array(n);
  for (let i = 0; i < n; i++) firstSeen[i] = start + Math.floor(span * Math.sqrt(rng.next()) * 0.998);
  firstSeen.sort();

  const lastActive = new Float64Array(n);
  const weights = new Float64Array(n);
  let weightSum = 0;
  for (let i = 0; i < n; i++) {
    const fs = firstSeen[i] as number;
    const quiet = rng.next() < 0.35;
    const la = quiet ? fs + (end - fs) * rng.next() ** 2 : end;
    lastActive[i] = la;
    const w = Math.exp(1.3 * rng.normal()) * Math.sqrt((la - fs) / span + 0.02);
    weights[i] = w;
    weightSum += w;
  }

  const counts = new Uint32Array(n);
  const base = opts.events >= n ? 1 : 0;
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    const c = Math.min(
      MAX_EVENTS_PER_CUSTOMER,
      base + Math.floor(((opts.events - base * n) * (weights[i] as number)) / weightSum),
    );
    counts[i] = c;
    assigned += c;
  }
  while (assigned < opts.events) {
    const i = rng.int(n);
    if ((counts[i] as number) >= MAX_EVENTS_PER_CUSTOMER) continue;
    counts[i] = (counts[i] as number) + 1;
    assigned++;
  }

  const bucketLen = span / BUCKETS;
  const bucketCounts = new Uint16Array(n * BUCKETS);
  for (let i = 0; i < n; i++) {
    const fs = firstSeen[i] as number;
    const width = (lastActive[i] as number) - fs;
    for (let k = counts[i] as number; k > 0; k--) {
      const b = Math.min(BUCKETS - 1, Math.floor((fs + rng.next() * width - start) / bucketLen));
      const at = i * BUCKETS + b;
      bucketCounts[at] = (bucketCounts[at] as number) + 1;
    }
  }

  const region: Region[] = new Array(n);
  const ids: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    region[i] = regions(rng);
    ids[i] = uuidV7(firstSeen[i] as number, rng.next(), rng.next(), rng.next());
  }
  return {
    customers: n,
    events: opts.events,
    start,
    end,
    firstSeen,
    lastActive,
    counts,
    bucketCounts,
    region,
    ids,
  };
}

const hex = (v: number, digits: number) => Math.floor(v).toString(16).padStart(digits, '0');

/** A version-7 UUID for time `ms` with 74 bits of the generator's randomness. */
function uuidV7(ms: number, r1: number, r2: number, r3: number): string {
  const t = hex(ms, 12);
  const a = r1 * 2 ** 30;
  const randA = hex(a / 2 ** 18, 3); // 12 bits
  const variant = hex(0x8 | ((a / 2 ** 16) & 0x3), 1);
  const randB = hex((a / 4) & 0xfff, 3);
  return `${t.slice(0, 8)}-${t.slice(8)}-7${randA}-${variant}${randB}-${hex(r2 * 2 ** 24, 6)}${hex(r3 * 2 ** 24, 6)}`;
}

/** How skewed the plan is: the numbers RESULTS.md quotes. */
export function describePlan(p: DataPlan): string {
  const sorted = Uint32Array.from(p.counts).sort();
  const q = (f: number) => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))] ?? 0;
  let top = 0;
  const topN = Math.max(1, Math.floor(sorted.length / 100));
  for (let i = sorted.length - topN; i < sorted.length; i++) top += sorted[i] as number;
  const share = ((100 * top) / Math.max(1, p.events)).toFixed(1);
  return (
    `events per customer: median ${q(0.5)}, p90 ${q(0.9)}, p99 ${q(0.99)}, max ${q(1)}; ` +
    `top 1% of customers hold ${share}% of events`
  );
}
