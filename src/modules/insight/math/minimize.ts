/** An objective to minimise over unconstrained reals (the models optimise log-parameters). */
export type Objective = (x: readonly number[]) => number;

export type MinimizeResult = {
  x: number[];
  value: number;
  /** Objective evaluations spent (Nelder–Mead and BFGS together). */
  evaluations: number;
  iterations: number;
  converged: boolean;
  /** Largest absolute component of the final numeric gradient. */
  gradientNorm: number;
  /** Set when the optimiser stopped because its budget ran out rather than because it converged. */
  stoppedBy: StopReason;
};

/** What an optimiser may spend: objective evaluations, and a wall-clock deadline (performance.now() ms). */
export type Budget = { maxEvaluations?: number; deadline?: number };
export type StopReason = 'evaluations' | 'wall-time' | null;

/** Why a budget is spent, or null while it is not. */
export function budgetSpent(evaluations: number, budget: Budget | undefined): StopReason {
  if (!budget) return null;
  if (budget.maxEvaluations !== undefined && evaluations >= budget.maxEvaluations) return 'evaluations';
  if (budget.deadline !== undefined && performance.now() >= budget.deadline) return 'wall-time';
  return null;
}

// NaN or Infinity from an objective (overflow far from the optimum) reads as "infinitely bad",
// which both optimisers handle by backing off.
const safe = (f: Objective) => (x: readonly number[]) => {
  const v = f(x);
  return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
};

/** Central-difference gradient; the step suits log-parameters of order 1. */
export function numericGradient(f: Objective, x: readonly number[], h = 1e-5): number[] {
  return x.map((_, i) => {
    const up = [...x];
    const down = [...x];
    up[i] = (up[i] as number) + h;
    down[i] = (down[i] as number) - h;
    return (f(up) - f(down)) / (2 * h);
  });
}

/** Central-difference Hessian, for standard errors at an optimum. */
export function numericHessian(f: Objective, x: readonly number[], h = 1e-4): number[][] {
  const n = x.length;
  const at = (i: number, di: number, j: number, dj: number) => {
    const y = [...x];
    y[i] = (y[i] as number) + di;
    y[j] = (y[j] as number) + dj;
    return f(y);
  };
  const hess = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = (at(i, h, j, h) - at(i, h, j, -h) - at(i, -h, j, h) + at(i, -h, j, -h)) / (4 * h * h);
      (hess[i] as number[])[j] = v;
      (hess[j] as number[])[i] = v;
    }
  }
  return hess;
}

/**
 * Nelder–Mead with the dimension-adaptive coefficients of Gao & Han (2012), restarted from the best
 * vertex until a restart no longer improves: robust from poor starting points, no gradients needed.
 */
export function nelderMead(
  fIn: Objective,
  x0: readonly number[],
  opts: {
    maxIterations?: number;
    tolerance?: number;
    sizeTolerance?: number;
    step?: number;
    budget?: Budget;
  } = {},
): MinimizeResult {
  const f = safe(fIn);
  const n = x0.length;
  const [alpha, beta, gamma, delta] = [1, 1 + 2 / n, 0.75 - 1 / (2 * n), 1 - 1 / n];
  const tol = opts.tolerance ?? 1e-10;
  const maxIterations = opts.maxIterations ?? 5000;
  let evaluations = 0;
  let iterations = 0;
  const evalF = (x: number[]) => {
    evaluations++;
    return f(x);
  };
  let best = [...x0];
  let bestValue = evalF(best);
  let stoppedBy: StopReason = null;
  // The final gradient costs 2n evaluations: keep them inside the budget.
  const inner: Budget | undefined = opts.budget && {
    ...opts.budget,
    maxEvaluations:
      opts.budget.maxEvaluations === undefined ? undefined : Math.max(1, opts.budget.maxEvaluations - 2 * n),
  };
  for (let restart = 0; restart < 5 && !stoppedBy; restart++) {
    const simplex: { x: number[]; v: number }[] = [{ x: [...best], v: bestValue }];
    for (let i = 0; i < n; i++) {
      const x = [...best];
      x[i] = (x[i] as number) + (opts.step ?? 0.5);
      simplex.push({ x, v: evalF(x) });
    }
    for (; iterations < maxIterations; iterations++) {
      stoppedBy = budgetSpent(evaluations, inner);
      if (stoppedBy) break;
      simplex.sort((p, q) => p.v - q.v);
      const lo = simplex[0] as { x: number[]; v: number };
      const hi = simplex[n] as { x: number[]; v: number };
      const size = Math.max(
        ...simplex.map((p) => Math.max(...p.x.map((xi, i) => Math.abs(xi - (lo.x[i] as number))))),
      );
      if (Math.abs(hi.v - lo.v) <= tol * (1 + Math.abs(lo.v)) && size <= (opts.sizeTolerance ?? 1e-8)) break;
      const centroid = new Array<number>(n).fill(0);
      for (let k = 0; k < n; k++)
        for (let i = 0; i < n; i++) centroid[i] = (centroid[i] as number) + (simplex[k]?.x[i] as number) / n;
      const along = (t: number) => centroid.map((c, i) => c + t * (c - (hi.x[i] as number)));
      const xr = along(alpha);
      const vr = evalF(xr);
      const second = simplex[n - 1] as { v: number };
      if (vr < lo.v) {
        const xe = along(alpha * beta);
        const ve = evalF(xe);
        simplex[n] = ve < vr ? { x: xe, v: ve } : { x: xr, v: vr };
      } else if (vr < second.v) {
        simplex[n] = { x: xr, v: vr };
      } else {
        const outside = vr < hi.v;
        const xc = along(outside ? alpha * gamma : -gamma);
        const vc = evalF(xc);
        if (vc < (outside ? vr : hi.v)) {
          simplex[n] = { x: xc, v: vc };
        } else {
          for (let k = 1; k <= n; k++) {
            const p = simplex[k] as { x: number[] };
            const x = p.x.map((xi, i) => (lo.x[i] as number) + delta * (xi - (lo.x[i] as number)));
            simplex[k] = { x, v: evalF(x) };
          }
        }
      }
    }
    simplex.sort((p, q) => p.v - q.v);
    const top = simplex[0] as { x: number[]; v: number };
    const improved = top.v < bestValue - 1e-12 * (1 + Math.abs(bestValue));
    best = top.x;
    bestValue = Math.min(bestValue, top.v);
    if (!improved || iterations >= maxIterations) break;
  }
  const g = numericGradient(f, best);
  return {
    x: best,
    value: bestValue,
    evaluations: evaluations + 2 * n,
    iterations,
    converged: iterations < maxIterations && !stoppedBy,
    gradientNorm: Math.max(...g.map(Math.abs)),
    stoppedBy,
  };
}
