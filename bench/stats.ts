import fs from 'node:fs';

/** Collects latencies (ms) in a growable typed array: millions of samples without GC churn. */
export class Latencies {
  private values = new Float64Array(1 << 16);
  private n = 0;

  add(ms: number): void {
    if (this.n === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.n++] = ms;
  }

  get count(): number {
    return this.n;
  }

  summary(): LatencySummary {
    const sorted = this.values.slice(0, this.n).sort();
    const at = (q: number) =>
      this.n ? (sorted[Math.min(this.n - 1, Math.ceil(q * this.n) - 1)] as number) : Number.NaN;
    let sum = 0;
    for (let i = 0; i < this.n; i++) sum += sorted[i] as number;
    return {
      count: this.n,
      mean: this.n ? sum / this.n : Number.NaN,
      p50: at(0.5),
      p99: at(0.99),
      max: at(1),
    };
  }
}

export type LatencySummary = { count: number; mean: number; p50: number; p99: number; max: number };

export const mib = (bytes: number) => bytes / 1024 / 1024;

export function fmt(v: number, digits = 1): string {
  if (!Number.isFinite(v)) return '-';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** The machine's load averages: other work on a shared machine shows up here. */
export const loadAverage = (): string =>
  fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** Samples the 1-minute load average every few seconds and remembers the highest. */
export function watchLoad(): { max(): number; stop(): void } {
  let max = 0;
  const sample = () => {
    max = Math.max(max, Number(loadAverage().split(' ')[0]));
  };
  sample();
  const timer = setInterval(sample, 5000);
  timer.unref();
  return { max: () => max, stop: () => clearInterval(timer) };
}
