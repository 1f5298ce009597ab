/** Pearson correlation; 0 when either side is constant. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += (a[i] as number) / n;
    mb += (b[i] as number) / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Area under the ROC curve by the rank-sum (Mann–Whitney) formula, ties counted half. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort(
    (i, j) => (scores[i] as number) - (scores[j] as number),
  );
  let positives = 0;
  let rankSum = 0;
  for (let k = 0; k < idx.length; ) {
    let end = k;
    while (end + 1 < idx.length && scores[idx[end + 1] as number] === scores[idx[k] as number]) end++;
    const avgRank = (k + end) / 2 + 1;
    for (let m = k; m <= end; m++) {
      if (labels[idx[m] as number]) {
        positives++;
        rankSum += avgRank;
      }
    }
    k = end + 1;
  }
  const negatives = idx.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** A small seeded generator (mulberry32): reproducible splits and samples in tests and runs. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
