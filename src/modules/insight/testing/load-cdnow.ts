import { readDataSet } from '../../../data-sets.ts';

/** One CDNOW sample purchase line: sample id (1..2357), day, dollars. */
export type CdnowPurchase = { id: number; date: string; dollars: number };

/** CDNOW_sample.txt: `master_id sample_id YYYYMMDD cds dollars`, CRLF. */
export function loadCdnowPurchases(): CdnowPurchase[] {
  return readDataSet('cdnow/CDNOW_sample.txt')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => {
      const [, id, d, , dollars] = l.trim().split(/\s+/);
      const s = d as string;
      return {
        id: Number(id),
        date: `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`,
        dollars: Number(dollars),
      };
    });
}

export type CdnowCustomer = {
  id: number;
  x: number;
  tx: number;
  T: number;
  zbar: number;
  xStar: number;
  first: number;
};

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/**
 * The calibration summary the papers use, rebuilt from the transactions exactly as SOURCE.md
 * describes (same-day merge, calibration through 1997-09-30, holdout 39 weeks, times in weeks).
 * `first` is the first purchase in weeks since 1997-01-01, for the cumulative tracking curve.
 */
export function summarizeCdnow(purchases = loadCdnowPurchases()): CdnowCustomer[] {
  const calEnd = dayNumber('1997-09-30');
  const start = dayNumber('1997-01-01');
  const byCustomer = new Map<number, Map<number, number>>();
  for (const p of purchases) {
    const days = byCustomer.get(p.id) ?? new Map<number, number>();
    byCustomer.set(p.id, days);
    const d = dayNumber(p.date);
    days.set(d, (days.get(d) ?? 0) + p.dollars);
  }
  return [...byCustomer.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([id, days]) => {
      const sorted = [...days.entries()].sort((a, b) => a[0] - b[0]);
      const first = (sorted[0] as [number, number])[0];
      const cal = sorted.filter(([d]) => d <= calEnd);
      const repeats = cal.slice(1);
      const x = repeats.length;
      const last = x > 0 ? ((repeats.at(-1) as [number, number])[0] as number) : first;
      return {
        id,
        x,
        tx: (last - first) / 7,
        T: (calEnd - first) / 7,
        zbar: x > 0 ? repeats.reduce((s, [, v]) => s + v, 0) / x : 0,
        xStar: sorted.filter(([d]) => d > calEnd).length,
        first: (first - start) / 7,
      };
    });
}
