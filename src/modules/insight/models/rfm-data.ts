/**
 * Per-customer purchase summaries in the form every buy-till-you-die model takes, column-wise so a
 * million customers fit in a few typed arrays. Times are in one unit (Tenure uses weeks):
 * x = repeat purchases (same-day purchases merged), tx = time of the last repeat purchase after
 * the first, T = time from first purchase to the end of observation. `weight` lets identical
 * rows be stored once (a count), which shrinks the fitting data by orders of magnitude.
 */
export type RfmData = { x: Float64Array; tx: Float64Array; T: Float64Array; weight: Float64Array };

export function toRfmData(rows: readonly { x: number; tx: number; T: number; weight?: number }[]): RfmData {
  const n = rows.length;
  const d: RfmData = {
    x: new Float64Array(n),
    tx: new Float64Array(n),
    T: new Float64Array(n),
    weight: new Float64Array(n),
  };
  rows.forEach((r, i) => {
    d.x[i] = r.x;
    d.tx[i] = r.tx;
    d.T[i] = r.T;
    d.weight[i] = r.weight ?? 1;
  });
  return d;
}

/** Collapses identical (x, tx, T) rows into one weighted row (the likelihood is unchanged), sorted by x. */
export function compressRfmData(d: RfmData): RfmData {
  const index = new Map<string, number>();
  const rows: { x: number; tx: number; T: number; weight: number }[] = [];
  for (let i = 0; i < d.x.length; i++) {
    const key = `${d.x[i]}|${d.tx[i]}|${d.T[i]}`;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, rows.length);
      rows.push({
        x: d.x[i] as number,
        tx: d.tx[i] as number,
        T: d.T[i] as number,
        weight: d.weight[i] as number,
      });
    } else {
      (rows[at] as { weight: number }).weight += d.weight[i] as number;
    }
  }
  // Sorted by x so likelihoods recompute their per-x constants once per distinct x.
  rows.sort((p, q) => p.x - q.x || p.tx - q.tx || p.T - q.T);
  return toRfmData(rows);
}
