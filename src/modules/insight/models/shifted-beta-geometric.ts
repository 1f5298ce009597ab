import { fitMaximumLikelihood } from '../math/fit-maximum-likelihood.ts';
import { logBeta } from '../math/log-gamma.ts';

/** sBG (Fader & Hardie 2007): each subscriber renews each period with probability 1 − θ, θ ~ Beta(α, β). */
export type SbgParams = { alpha: number; beta: number };

/** P(T = t): churn exactly at period t ≥ 1. */
export const sbgChurnProbability = (p: SbgParams, t: number): number =>
  Math.exp(logBeta(p.alpha + 1, p.beta + t - 1) - logBeta(p.alpha, p.beta));

/** S(t) = B(α, β + t) / B(α, β): share of a cohort still subscribed after t periods. */
export const sbgSurvival = (p: SbgParams, t: number): number =>
  Math.exp(logBeta(p.alpha, p.beta + t) - logBeta(p.alpha, p.beta));

/** Retention rate from period t−1 to t: (β + t − 1) / (α + β + t − 1), rising as the cohort sorts itself. */
export const sbgRetentionRate = (p: SbgParams, t: number): number =>
  (p.beta + t - 1) / (p.alpha + p.beta + t - 1);

/**
 * Fits sBG to a cohort's survivor counts [n₀, n₁, …, n_k] (n₀ = cohort size): the lost at each
 * period contribute ln P(T = t), the survivors at the end ln S(k).
 */
export function fitSbg(survivors: readonly number[]): {
  params: SbgParams;
  logLikelihood: number;
  converged: boolean;
} {
  if (survivors.length < 2) throw new RangeError('sBG needs at least two periods of survivor counts');
  const logLik = ([alpha, beta]: number[]) => {
    const p = { alpha: alpha as number, beta: beta as number };
    const base = logBeta(p.alpha, p.beta);
    let ll = 0;
    for (let t = 1; t < survivors.length; t++) {
      const lost = (survivors[t - 1] as number) - (survivors[t] as number);
      if (lost > 0) ll += lost * (logBeta(p.alpha + 1, p.beta + t - 1) - base);
    }
    const last = survivors.length - 1;
    return ll + (survivors[last] as number) * (logBeta(p.alpha, p.beta + last) - base);
  };
  const mle = fitMaximumLikelihood(logLik, [1, 1], { lower: 1e-4, upper: 1e4, withStandardErrors: false });
  return {
    params: { alpha: mle.params[0] as number, beta: mle.params[1] as number },
    logLikelihood: mle.logLikelihood,
    converged: mle.converged,
  };
}
