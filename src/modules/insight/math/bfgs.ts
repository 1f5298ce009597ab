import { type MinimizeResult, numericGradient, type Objective } from './minimize.ts';

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
  opts: { maxIterations?: number; gradientTolerance?: number } = {},
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
  for (; iterations < maxIterations; iterations++) {
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
      xNew = x.map((xi, i) => xi + t * (dir[i] as number));
      fNew = f(xNew);
      if (fNew <= fx + 1e-4 * t * slope) break;
      t *= 0.5;
    }
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
    converged,
    gradientNorm: Math.max(...g.map(Math.abs)),
  };
}
