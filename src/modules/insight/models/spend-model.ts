import { type GammaGammaParams, gammaGammaExpectedSpend } from './gamma-gamma.ts';

/**
 * The fitted spend model used for scoring: Gamma-Gamma, or, when spend is so heavy-tailed that the
 * population mean is not finite or not credible (q ≤ 1, or a mean above every customer's own
 * average: a few wholesalers dominating), the no-pooling limit: each customer's own average
 * spend, and the median average spend for customers with no repeat purchase yet.
 */
export type SpendModel =
  | { kind: 'gamma-gamma'; params: GammaGammaParams }
  | { kind: 'own-average'; params: GammaGammaParams; medianSpend: number };

/** Expected value of one future transaction, in the currency unit the model was fitted in. */
export function expectedSpend(m: SpendModel, x: number, zbar: number): number {
  if (m.kind === 'gamma-gamma') return gammaGammaExpectedSpend(m.params, x, zbar);
  return x > 0 && zbar > 0 ? zbar : m.medianSpend;
}
