import { bfgs } from './bfgs.ts';
import { invertMatrix } from './linear-algebra.ts';
import { type Budget, nelderMead, numericHessian, type StopReason } from './minimize.ts';

/** Default budget of one fit: far above what a well-posed 2–4 parameter fit needs (a few hundred). */
export const DEFAULT_MAX_EVALUATIONS = 4000;
export const DEFAULT_MAX_WALL_TIME_MS = 120_000;

/** What a fit was allowed to spend, what it spent, and whether it stopped because of that. */
export type FitBudget = {
  maxEvaluations: number;
  maxWallTimeMs: number;
  wallTimeMs: number;
  exhausted: Exclude<StopReason, null> | null;
};

export type MleResult = {
  params: number[];
  logLikelihood: number;
  /** Standard errors from the inverse numeric Hessian (delta method from log space); null when singular. */
  standardErrors: (number | null)[];
  converged: boolean;
  evaluations: number;
  iterations: number;
  gradientNorm: number;
  /** Parameters that ran to within a factor of 1.01 of their lower or upper bound. */
  atBound: { index: number; side: 'lower' | 'upper' }[];
  budget: FitBudget;
};

/**
 * Maximum likelihood for strictly positive parameters: optimises ln θ (so positivity holds by
 * construction), clamped to [lower, upper] so a likelihood that keeps rising towards a boundary
 * stops there and is reported in `atBound` instead of drifting to overflow. Nelder–Mead finds the
 * basin, BFGS polishes; the Hessian gives standard errors.
 */
export function fitMaximumLikelihood(
  logLik: (params: number[]) => number,
  start: number[],
  opts: {
    lower?: number;
    upper?: number;
    withStandardErrors?: boolean;
    skipNelderMead?: boolean;
    /** Objective evaluations the search may spend (the standard errors' Hessian comes on top: 4n²). */
    maxEvaluations?: number;
    /** Wall-clock limit of the search; a fit that hits either limit says so in `budget.exhausted`. */
    maxWallTimeMs?: number;
  } = {},
): MleResult {
  const started = performance.now();
  const maxEvaluations = opts.maxEvaluations ?? DEFAULT_MAX_EVALUATIONS;
  const maxWallTimeMs = opts.maxWallTimeMs ?? DEFAULT_MAX_WALL_TIME_MS;
  const deadline = started + maxWallTimeMs;
  const lo = Math.log(opts.lower ?? 1e-6);
  const hi = Math.log(opts.upper ?? 1e6);
  const clamp = (v: number) => Math.min(hi, Math.max(lo, v));
  const toParams = (z: readonly number[]) => z.map((v) => Math.exp(clamp(v)));
  // Outside the box the objective grows quadratically, pulling the optimiser back to the edge.
  const objective = (z: readonly number[]) => {
    const excess = z.reduce((s, v) => s + (v - clamp(v)) ** 2, 0);
    return -logLik(toParams(z)) + excess * 1e3;
  };
  const z0 = start.map((v) => clamp(Math.log(v)));
  // Nelder–Mead only has to find the basin; BFGS then converges quadratically-fast to the optimum.
  // With a start already near the optimum (a fit on a subsample), BFGS alone suffices.
  const nm = opts.skipNelderMead
    ? {
        x: z0,
        value: objective(z0),
        evaluations: 1,
        iterations: 0,
        converged: true,
        gradientNorm: Number.NaN,
        stoppedBy: null,
      }
    : nelderMead(objective, z0, {
        maxIterations: 2000,
        tolerance: 1e-7,
        sizeTolerance: 1e-3,
        // Nelder–Mead may take most of the budget; BFGS keeps at least a fifth to polish.
        budget: { maxEvaluations: Math.floor(maxEvaluations * 0.8), deadline },
      });
  const bfgsBudget: Budget = { maxEvaluations: Math.max(0, maxEvaluations - nm.evaluations), deadline };
  const polished = bfgs(objective, nm.x, { budget: bfgsBudget });
  const best = polished.value <= nm.value ? polished : nm;
  const z = best.x.map(clamp);
  const params = toParams(z);
  const atBound: MleResult['atBound'] = [];
  z.forEach((v, index) => {
    if (v <= lo + 0.01) atBound.push({ index, side: 'lower' });
    else if (v >= hi - 0.01) atBound.push({ index, side: 'upper' });
  });
  let standardErrors: (number | null)[] = params.map(() => null);
  // An unconverged fit's curvature means nothing, and its Hessian would spend past the budget.
  const stopped = polished.stoppedBy ?? (polished.converged ? null : nm.stoppedBy);
  if (opts.withStandardErrors !== false && atBound.length === 0 && !stopped) {
    const inv = invertMatrix(numericHessian((zz) => -logLik(toParams(zz)), z));
    if (inv) {
      standardErrors = params.map((p, i) => {
        const v = (inv[i] as number[])[i] as number;
        return v > 0 && Number.isFinite(v) ? p * Math.sqrt(v) : null;
      });
    }
  }
  // Nelder–Mead running out is harmless when BFGS then converges from where it stopped.
  const exhausted = stopped;
  return {
    params,
    logLikelihood: -objective(z),
    standardErrors,
    converged: exhausted ? false : polished.converged || nm.converged,
    evaluations: nm.evaluations + polished.evaluations,
    iterations: nm.iterations + polished.iterations,
    // NaN (no Nelder–Mead, BFGS never measured) reads as "unknown", never as a number in JSON.
    gradientNorm: Number.isFinite(best.gradientNorm) ? best.gradientNorm : polished.gradientNorm,
    atBound,
    budget: { maxEvaluations, maxWallTimeMs, wallTimeMs: Math.round(performance.now() - started), exhausted },
  };
}
