/**
 * The reference Telco split is scikit-learn's `train_test_split(..., test_size=0.2, stratify=y,
 * random_state=42)`. To evaluate on exactly that split, this reproduces the pieces it uses:
 * NumPy's legacy MT19937 seeded with an integer, its `permutation` (Fisher–Yates with masked
 * rejection sampling), and StratifiedShuffleSplit's per-class allocation. Test-only code.
 */
class Mt19937 {
  private mt = new Uint32Array(624);
  private index = 624;

  constructor(seed: number) {
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = (this.mt[i - 1] as number) ^ ((this.mt[i - 1] as number) >>> 30);
      this.mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  nextUint32(): number {
    if (this.index >= 624) {
      for (let i = 0; i < 624; i++) {
        const y = ((this.mt[i] as number) & 0x80000000) | ((this.mt[(i + 1) % 624] as number) & 0x7fffffff);
        let v = (this.mt[(i + 397) % 624] as number) ^ (y >>> 1);
        if (y & 1) v ^= 0x9908b0df;
        this.mt[i] = v >>> 0;
      }
      this.index = 0;
    }
    let y = this.mt[this.index++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** NumPy's random_interval: uniform on [0, max] by masking and rejecting. */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    for (;;) {
      const v = (this.nextUint32() & mask) >>> 0;
      if (v <= max) return v;
    }
  }

  permutation(n: number): number[] {
    const a = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i >= 1; i--) {
      const j = this.interval(i);
      [a[i], a[j]] = [a[j] as number, a[i] as number];
    }
    return a;
  }
}

export function numpyPermutation(seed: number, n: number): number[] {
  return new Mt19937(seed).permutation(n);
}

/**
 * Row indices of the test part of a stratified split with `testShare` and `seed`, for two
 * classes whose proportional allocation needs no random tie-break (true for the Telco table,
 * checked by the caller via the expected test size).
 */
export function sklearnStratifiedTestIndices(
  labels: readonly boolean[],
  testShare: number,
  seed: number,
): number[] {
  const n = labels.length;
  const nTest = Math.ceil(testShare * n);
  const nTrain = n - nTest;
  // Classes in sorted order: false ("No") before true ("Yes"), as np.unique orders them.
  const classes = [false, true].map((cls) => labels.flatMap((l, i) => (l === cls ? [i] : [])));
  const counts = classes.map((c) => c.length);
  const trainAlloc = approximateMode(counts, nTrain);
  const testAlloc = approximateMode(
    counts.map((c, i) => c - (trainAlloc[i] as number)),
    nTest,
  );
  const rng = new Mt19937(seed);
  const test: number[] = [];
  classes.forEach((idx, i) => {
    const perm = rng.permutation(idx.length);
    const from = trainAlloc[i] as number;
    for (const p of perm.slice(from, from + (testAlloc[i] as number))) test.push(idx[p] as number);
  });
  return test.sort((a, b) => a - b);
}

// scikit-learn's _approximate_mode for the case where remainders have no ties (no RNG draws).
function approximateMode(counts: number[], draws: number): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  const continuous = counts.map((c) => (c * draws) / total);
  const floored = continuous.map(Math.floor);
  let need = draws - floored.reduce((s, v) => s + v, 0);
  const order = continuous.map((c, i) => ({ r: c - Math.floor(c), i })).sort((a, b) => b.r - a.r);
  for (const { i } of order) {
    if (need <= 0) break;
    floored[i] = (floored[i] as number) + 1;
    need--;
  }
  return floored;
}
