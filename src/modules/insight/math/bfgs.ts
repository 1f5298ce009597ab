import {
  type Budget,
  budgetSpent,
  type MinimizeResult,
  numericGradient,
  type Objective,
  type StopReason,
} from './minimize.ts';

const dot = (a: readonly number[], b: readonly number[]) =>
  a.reduce((s, ai, i) => s + ai * (b[i] as number), 0);

/**
 * BFGS quasi-Newton with central-difference gradients and a backtracking (Armijo) line search.
 * Used to polish a Nelder–Mead solution: on a smooth log-likelihood it reaches the optimum to
 * gradient ~1e-7, which Nelder–Mead alone gets to only slowly on flat ridges (BG/NBD's a and b).
 */
export function bfgs(
  fIn: Objective,
  x0: readonly number[],
  opts: { maxIterations?: number; gradientTolerance?: number; budget?: Budget } = {},
): MinimizeResult {
  let evaluations = 0;
  const f = (x: readonly number[]) => {
    evaluations++;
    const v = fIn(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  const n = x0.length;
  const maxIterations = opts.maxIterations ?? 200;
  let x = [...x0];
  let fx = f(x);
  let g = numericGradient(f, x);
  const gtol = (opts.gradientTolerance ?? 1e-9) * (1 + Math.abs(fx));
  // Inverse-Hessian approximation, identity to start.
  let h: number[][] = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
  let iterations = 0;
  let converged = false;
  let stalls = 0;
  let stoppedBy: StopReason = null;
  // One iteration spends a line search and a gradient: stop before starting one that cannot finish.
  const perIteration = 2 * n + 8;
  const inner: Budget | undefined = opts.budget && {
    ...opts.budget,
    maxEvaluations:
      opts.budget.maxEvaluations === undefined ? undefined : opts.budget.maxEvaluations - perIteration,
  };
  for (; iterations < maxIterations; iterations++) {
    stoppedBy = budgetSpent(evaluations, inner);
    if (stoppedBy) break;
    if (Math.max(...g.map(Math.abs)) <= gtol) {
      converged = true;
      break;
    }
    let dir = h.map((row) => -dot(row, g));
    let slope = dot(dir, g);
    if (slope >= 0) {
      // The approximation lost positive-definiteness: restart along steepest descent.
      h = h.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
      dir = g.map((gi) => -gi);
      slope = dot(dir, g);
    }
    let t = 1;
    let xNew = x;
    let fNew = fx;
    for (let k = 0; k < 60; k++) {
      // The deadline every step (an evaluation can be slow); the count only after a few steps.
      stoppedBy = budgetSpent(k >= 8 ? evaluations : 0, opts.budget);
      if (stoppedBy) break;
      xNew = x.map((xi, i) => xi + t * (dir[i] as number));
      fNew = f(xNew);
      if (fNew <= fx + 1e-4 * t * slope) break;
      t *= 0.5;
    }
    if (stoppedBy) break;
    if (!(fNew < fx)) {
      // No descent possible at this precision: the numeric gradient is at its noise floor.
      converged = Math.max(...g.map(Math.abs)) <= gtol * 1e3;
      break;
    }
    const gNew = numericGradient(f, xNew);
    const s = xNew.map((xi, i) => xi - (x[i] as number));
    const y = gNew.map((gi, i) => gi - (g[i] as number));
    const sy = dot(s, y);
    stalls = fx - fNew <= 1e-14 * (1 + Math.abs(fx)) ? stalls + 1 : 0;
    x = xNew;
    fx = fNew;
    g = gNew;
    if (stalls >= 3) {
      converged = true;
      break;
    }
    if (sy > 1e-12) {
      // Standard BFGS inverse update: H ← (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ.
      const rho = 1 / sy;
      const hy = h.map((row) => dot(row, y));
      const yhy = dot(y, hy);
      h = h.map((row, i) =>
        row.map(
          (hij, j) =>
            hij -
            rho * ((hy[i] as number) * (s[j] as number) + (s[i] as number) * (hy[j] as number)) +
            (rho * rho * yhy + rho) * (s[i] as number) * (s[j] as number),
        ),
      );
    }
  }
  return {
    x,
    value: fx,
    evaluations,
    iterations,
    converged: converged && !stoppedBy,
    gradientNorm: Math.max(...g.map(Math.abs)),
    stoppedBy,
  };
}
