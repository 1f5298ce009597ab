/** Dense square matrices as arrays of rows: the models here have at most a few dozen parameters. */
export type Matrix = number[][];

/** Inverse by Gauss–Jordan elimination with partial pivoting; undefined when (nearly) singular. */
export function invertMatrix(m: Matrix): Matrix | undefined {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(a[r]?.[col] as number) > Math.abs(a[pivot]?.[col] as number)) pivot = r;
    }
    const pivotRow = a[pivot] as number[];
    const p = pivotRow[col] as number;
    if (!Number.isFinite(p) || Math.abs(p) < 1e-300) return undefined;
    [a[col], a[pivot]] = [pivotRow, a[col] as number[]];
    const row = a[col] as number[];
    for (let j = 0; j < 2 * n; j++) row[j] = (row[j] as number) / p;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const other = a[r] as number[];
      const f = other[col] as number;
      if (f === 0) continue;
      for (let j = 0; j < 2 * n; j++) other[j] = (other[j] as number) - f * (row[j] as number);
    }
  }
  return a.map((row) => row.slice(n));
}

/** Solves A·x = b for symmetric positive-definite A by Cholesky; undefined when A is not SPD. */
export function solveSpd(aIn: Matrix, b: number[]): number[] | undefined {
  const n = aIn.length;
  const l: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const li = l[i] as number[];
    for (let j = 0; j <= i; j++) {
      const lj = l[j] as number[];
      let s = (aIn[i] as number[])[j] as number;
      for (let k = 0; k < j; k++) s -= (li[k] as number) * (lj[k] as number);
      if (i === j) {
        if (!(s > 0)) return undefined;
        li[i] = Math.sqrt(s);
      } else {
        li[j] = s / (lj[j] as number);
      }
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= ((l[i] as number[])[k] as number) * (y[k] as number);
    y[i] = s / ((l[i] as number[])[i] as number);
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < n; k++) s -= ((l[k] as number[])[i] as number) * (x[k] as number);
    x[i] = s / ((l[i] as number[])[i] as number);
  }
  return x;
}
