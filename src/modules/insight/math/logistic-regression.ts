import { solveSpd } from './linear-algebra.ts';

export type LogisticModel = { intercept: number; weights: number[]; iterations: number; converged: boolean };

export const sigmoid = (z: number): number =>
  z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));

/**
 * L2-regularised logistic regression by Newton's method (IRLS): minimises
 * Σ log-loss + (l2/2)·‖w‖², the intercept unpenalised, the same objective as scikit-learn's
 * LogisticRegression with C = 1/l2. Convex, so Newton converges in a handful of steps and the
 * result is deterministic. Rows are dense feature vectors; a few dozen features is the design size.
 */
export function fitLogisticRegression(
  rows: readonly Float64Array[],
  labels: ArrayLike<boolean>,
  opts: { l2?: number; sampleWeights?: ArrayLike<number>; maxIterations?: number } = {},
): LogisticModel {
  const l2 = opts.l2 ?? 1;
  const p = rows[0]?.length ?? 0;
  const dim = p + 1;
  const beta = new Array<number>(dim).fill(0);
  let iterations = 0;
  let converged = false;
  for (; iterations < (opts.maxIterations ?? 100); iterations++) {
    const grad = new Array<number>(dim).fill(0);
    const hess = Array.from({ length: dim }, () => new Array<number>(dim).fill(0));
    for (let i = 0; i < rows.length; i++) {
      const x = rows[i] as Float64Array;
      const sw = opts.sampleWeights ? (opts.sampleWeights[i] as number) : 1;
      let z = beta[0] as number;
      for (let j = 0; j < p; j++) z += (beta[j + 1] as number) * (x[j] as number);
      const mu = sigmoid(z);
      const resid = sw * (mu - (labels[i] ? 1 : 0));
      const w = sw * mu * (1 - mu);
      // Index 0 is the intercept's column of ones.
      for (let a = 0; a < dim; a++) {
        const xa = a === 0 ? 1 : (x[a - 1] as number);
        grad[a] = (grad[a] as number) + resid * xa;
        if (xa === 0) continue;
        const ha = hess[a] as number[];
        for (let b = 0; b <= a; b++) {
          const xb = b === 0 ? 1 : (x[b - 1] as number);
          ha[b] = (ha[b] as number) + w * xa * xb;
        }
      }
    }
    for (let a = 0; a < dim; a++) {
      const ha = hess[a] as number[];
      for (let b = 0; b < a; b++) (hess[b] as number[])[a] = ha[b] as number;
      if (a > 0) {
        ha[a] = (ha[a] as number) + l2;
        grad[a] = (grad[a] as number) + l2 * (beta[a] as number);
      }
    }
    // A tiny ridge on the intercept keeps the system solvable when a class is absent.
    (hess[0] as number[])[0] = ((hess[0] as number[])[0] as number) + 1e-10;
    const step = solveSpd(hess, grad);
    if (!step) break;
    let maxStep = 0;
    for (let a = 0; a < dim; a++) {
      beta[a] = (beta[a] as number) - (step[a] as number);
      maxStep = Math.max(maxStep, Math.abs(step[a] as number));
    }
    if (maxStep < 1e-9) {
      converged = true;
      iterations++;
      break;
    }
  }
  return { intercept: beta[0] as number, weights: beta.slice(1), iterations, converged };
}

export function predictLogit(m: LogisticModel, x: ArrayLike<number>): number {
  let z = m.intercept;
  for (let j = 0; j < m.weights.length; j++) z += (m.weights[j] as number) * (x[j] as number);
  return z;
}
