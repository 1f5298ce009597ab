import type { FitBudget, MleResult } from '../math/fit-maximum-likelihood.ts';

/** What a fit reports about itself, stored with every scoring run and shown at /insight/models. */
export type FitDiagnostics = {
  logLikelihood: number;
  converged: boolean;
  evaluations: number;
  iterations: number;
  gradientNorm: number;
  standardErrors: Record<string, number | null>;
  /** Parameters that ran to a bound of the search box, and what that means. */
  boundaries: { parameter: string; side: 'lower' | 'upper'; meaning: string }[];
  /** When a boundary was hit: the limiting model used instead, and why. */
  limitingModel: { name: string; reason: string } | null;
  customers: number;
  /** The fit's evaluation and wall-time budget; `exhausted` says the fit stopped on it, unconverged. */
  budget: FitBudget;
  /** Too few customers to estimate the model: it is reported, and not used for scores. */
  insufficientData?: string;
};

export function describeFit(
  mle: MleResult,
  names: string[],
  customers: number,
  meaning: (parameter: string, side: 'lower' | 'upper') => string,
): FitDiagnostics {
  return {
    logLikelihood: mle.logLikelihood,
    converged: mle.converged,
    evaluations: mle.evaluations,
    iterations: mle.iterations,
    gradientNorm: mle.gradientNorm,
    standardErrors: Object.fromEntries(names.map((n, i) => [n, mle.standardErrors[i] ?? null])),
    boundaries: mle.atBound.map(({ index, side }) => {
      const parameter = names[index] as string;
      return { parameter, side, meaning: meaning(parameter, side) };
    }),
    limitingModel: null,
    customers,
    budget: mle.budget,
  };
}
