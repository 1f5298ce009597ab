import { logGamma } from '../math/log-gamma.ts';

/** Gamma-Gamma spend (Fader, Hardie & Lee 2005b; Fader & Hardie 2013 note 025): each transaction's
 * value ~ Gamma(p, ν), the customer's ν ~ Gamma(q, γ). Input: x = number of transactions averaged
 * (repeat purchases with an amount), zbar = their mean value. */
export type GammaGammaParams = { p: number; q: number; gamma: number };

export type SpendData = { x: Float64Array; zbar: Float64Array; weight?: Float64Array };

/** Log-likelihood of the customers' mean spends (the x·zbar parametrisation of lifetimes). */
export function gammaGammaLogLikelihood(g: GammaGammaParams, d: SpendData): number {
  const { p, q, gamma } = g;
  const lgQ = logGamma(q);
  const qLogGamma = q * Math.log(gamma);
  // The log-gamma terms depend on x only: computed once per distinct x (few dozen values).
  const cache = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < d.x.length; i++) {
    const x = d.x[i] as number;
    const m = d.zbar[i] as number;
    const px = p * x;
    let c = cache.get(x);
    if (c === undefined) {
      c = logGamma(px + q) - logGamma(px) - lgQ + qLogGamma + px * Math.log(x);
      cache.set(x, c);
    }
    const ll = c + (px - 1) * Math.log(m) - (px + q) * Math.log(x * m + gamma);
    total += (d.weight?.[i] ?? 1) * ll;
  }
  return total;
}

/** Population mean spend p·γ/(q−1); Infinity when q ≤ 1 (the heavy-tail boundary). */
export const gammaGammaPopulationMean = (g: GammaGammaParams): number =>
  g.q > 1 ? (g.p * g.gamma) / (g.q - 1) : Number.POSITIVE_INFINITY;

/**
 * E(M | x, zbar) = (p·γ + p·x·zbar) / (p·x + q − 1): the population mean weighted against the
 * customer's own mean, the more so the more transactions they have.
 */
export function gammaGammaExpectedSpend(g: GammaGammaParams, x: number, zbar: number): number {
  return (g.p * g.gamma + g.p * x * (x > 0 ? zbar : 0)) / (g.p * x + g.q - 1);
}
