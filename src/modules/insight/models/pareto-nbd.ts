import { logHyp2f1 } from '../math/hyp2f1.ts';
import { logGamma } from '../math/log-gamma.ts';
import { inverseOnePlusExp, logAddExp, logSubExp } from '../math/log-sum-exp.ts';
import { logParetoNbdIntegral } from './pareto-nbd-integral.ts';
import type { RfmData } from './rfm-data.ts';

/** Pareto/NBD (Schmittlein, Morrison & Colombo 1987): Poisson purchases at λ ~ Gamma(r, α), an
 * exponential lifetime with rate μ ~ Gamma(s, β). */
export type ParetoNbdParams = { r: number; alpha: number; s: number; beta: number };

/**
 * ln A₀ of Fader & Hardie's 2005 note, with the α ≥ β / α < β branch that keeps the ₂F₁
 * argument in [0, 1). A₀ is a difference of two positive terms, taken in log space. Only used
 * where the direct integral (below) would need too many pieces.
 */
function logA0(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const rsx = r + s + x;
  const [hi, lo, b] = alpha >= beta ? [alpha, beta, s + 1] : [beta, alpha, r + x];
  const at = (t: number) => logHyp2f1(rsx, b, rsx + 1, (hi - lo) / (hi + t)) - rsx * Math.log(hi + t);
  return logSubExp(at(tx), at(T));
}

/**
 * Log of the second part of the likelihood relative to the first:
 * s (α+T)^(r+x) (β+T)^s ∫ from t_x to T of (α+τ)^−(r+x) (β+τ)^−(s+1) dτ, which is
 * (s/(r+s+x)) A₀ (α+T)^(r+x) (β+T)^s of the note. The integral is computed directly (bounded cost,
 * accurate where the ₂F₁ difference loses digits); A₀ is the fallback for extreme shapes.
 */
function logRatio(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const integral = logParetoNbdIntegral(p.r, p.alpha, p.s, p.beta, x, tx, T);
  const logIntegral = integral ?? logA0(p, x, tx, T) - Math.log(p.r + p.s + x);
  return Math.log(p.s) + logIntegral + (p.r + x) * Math.log(p.alpha + T) + p.s * Math.log(p.beta + T);
}

export function paretoNbdLogLikelihood(p: ParetoNbdParams, d: RfmData): number {
  const { r, alpha, s, beta } = p;
  const lgR = logGamma(r);
  const cache = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < d.x.length; i++) {
    const x = d.x[i] as number;
    const T = d.T[i] as number;
    let lg = cache.get(x);
    if (lg === undefined) {
      lg = logGamma(r + x) - lgR + r * Math.log(alpha) + s * Math.log(beta);
      cache.set(x, lg);
    }
    const first = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
    total += (d.weight[i] as number) * (lg + logAddExp(first, first + logRatio(p, x, d.tx[i] as number, T)));
  }
  return total;
}

/** P(alive | x, tx, T). Unlike BG/NBD it is below 1 even for x = 0: a Pareto/NBD customer can die any time. */
export function paretoNbdProbabilityAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  return inverseOnePlusExp(logRatio(p, x, tx, T));
}

// (1 − (k/(k+t))^(s−1)) / (s−1), with its limit ln((k+t)/k) at s = 1.
function decay(s: number, k: number, t: number): number {
  if (Math.abs(s - 1) < 1e-9) return Math.log1p(t / k);
  return -Math.expm1((s - 1) * Math.log(k / (k + t))) / (s - 1);
}

/** E[X(t)] for a new customer. */
export function paretoNbdExpectedPurchases(p: ParetoNbdParams, t: number): number {
  if (t <= 0) return 0;
  return ((p.r * p.beta) / p.alpha) * decay(p.s, p.beta, t);
}

/** E[Y(t) | x, tx, T]. */
export function paretoNbdConditionalExpectedPurchases(
  p: ParetoNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  if (t <= 0) return 0;
  const alive = paretoNbdProbabilityAlive(p, x, tx, T);
  return alive * (((p.r + x) * (p.beta + T)) / (p.alpha + T)) * decay(p.s, p.beta + T, t);
}
