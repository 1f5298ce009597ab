import { logGamma } from '../math/log-gamma.ts';
import {
  type BgNbdParams,
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdProbabilityAlive,
  bgNbdProbabilityOfPurchases,
} from './bg-nbd.ts';

/**
 * The fitted purchase model used for scoring: BG/NBD, or its no-dropout limit NBD (a Poisson-gamma
 * count model where every customer stays alive) when the data show no evidence of dropout and the
 * BG/NBD fit ran to that boundary.
 */
export type PurchaseModel =
  | { kind: 'bg-nbd'; params: BgNbdParams }
  | { kind: 'nbd'; params: { r: number; alpha: number } };

export function probabilityAlive(m: PurchaseModel, x: number, tx: number, T: number): number {
  return m.kind === 'nbd' ? 1 : bgNbdProbabilityAlive(m.params, x, tx, T);
}

export function expectedPurchases(m: PurchaseModel, t: number): number {
  return m.kind === 'nbd' ? (m.params.r / m.params.alpha) * t : bgNbdExpectedPurchases(m.params, t);
}

export function conditionalExpectedPurchases(
  m: PurchaseModel,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  if (m.kind === 'nbd') return ((m.params.r + x) / (m.params.alpha + T)) * Math.max(0, t);
  return bgNbdConditionalExpectedPurchases(m.params, t, x, tx, T);
}

/** P(X(t) = n) for a new customer: BG/NBD's closed form, or NBD's negative binomial. */
export function probabilityOfPurchases(m: PurchaseModel, t: number, n: number): number {
  if (m.kind === 'bg-nbd') return bgNbdProbabilityOfPurchases(m.params, t, n);
  const { r, alpha } = m.params;
  return Math.exp(
    logGamma(r + n) -
      logGamma(r) -
      logGamma(n + 1) +
      r * Math.log(alpha / (alpha + t)) +
      n * Math.log(t / (alpha + t)),
  );
}
