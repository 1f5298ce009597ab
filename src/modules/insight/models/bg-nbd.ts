import { hyp2f1Signed } from '../math/hyp2f1.ts';
import { logGamma } from '../math/log-gamma.ts';
import { inverseOnePlusExp } from '../math/log-sum-exp.ts';
import type { RfmData } from './rfm-data.ts';

/** BG/NBD (Fader, Hardie & Lee 2005a): purchases at Poisson rate λ ~ Gamma(r, α); after each
 * purchase the customer drops out with probability p ~ Beta(a, b). */
export type BgNbdParams = { r: number; alpha: number; a: number; b: number };

/** Total log-likelihood (FHL 2005a eq. 6) in log space; log-gamma terms are cached per distinct x. */
export function bgNbdLogLikelihood(p: BgNbdParams, d: RfmData): number {
  const { r, alpha, a, b } = p;
  const lgR = logGamma(r);
  const lgB = logGamma(b);
  const lgAB = logGamma(a + b);
  const lnA = Math.log(a);
  const rLnAlpha = r * Math.log(alpha);
  const { x: xs, tx: txs, T: Ts, weight } = d;
  // Constants depend on x only; rows come sorted by x (compressRfmData), so they change rarely.
  let lastX = Number.NaN;
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  let total = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    if (x !== lastX) {
      lastX = x;
      const lgABX = logGamma(a + b + x);
      c0 = logGamma(r + x) - lgR + rLnAlpha;
      c1 = logGamma(b + x) - lgABX - lgB + lgAB;
      c2 = x > 0 ? lnA + logGamma(b + x - 1) - lgABX - lgB + lgAB : 0;
    }
    const rx = r + x;
    const term1 = c1 - rx * Math.log(alpha + (Ts[i] as number));
    let ll: number;
    if (x > 0) {
      const term2 = c2 - rx * Math.log(alpha + (txs[i] as number));
      // Inline log-add-exp: this loop is the hot path of every fit.
      ll =
        term1 > term2
          ? term1 + Math.log1p(Math.exp(term2 - term1))
          : term2 + Math.log1p(Math.exp(term1 - term2));
    } else {
      ll = term1;
    }
    total += (weight[i] as number) * (c0 + ll);
  }
  return total;
}

/** One customer's log-likelihood (the building block of the total above). */
export function bgNbdCustomerLogLikelihood(p: BgNbdParams, x: number, tx: number, T: number): number {
  const one = new Float64Array([1]);
  return bgNbdLogLikelihood(p, {
    x: new Float64Array([x]),
    tx: new Float64Array([tx]),
    T: new Float64Array([T]),
    weight: one,
  });
}

/** P(alive | x, tx, T): exactly 1 when x = 0 (a customer dies only at a purchase); 0, not NaN, in the extreme. */
export function bgNbdProbabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const l =
    Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
  return inverseOnePlusExp(l);
}

/**
 * 1 − (1−z)^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z), rewritten with Euler's transform as
 * 1 − (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z): bounded terms for any x, so no overflow
 * and no cancellation between two huge numbers for heavy buyers.
 */
function bracket(p: BgNbdParams, x: number, z: number): number {
  const f = hyp2f1Signed(p.a + p.b - 1 - p.r, p.a - 1, p.a + p.b + x - 1, z);
  const l = (p.a - 1) * Math.log1p(-z) + f.log;
  return f.sign >= 0 ? -Math.expm1(l) : 1 + Math.exp(l);
}

// (a+b+x−1)/(a−1) · bracket has a removable singularity at a = 1; step around it.
function scaled(p: BgNbdParams, x: number, z: number): number {
  if (Math.abs(p.a - 1) > 1e-7) return ((p.a + p.b + x - 1) / (p.a - 1)) * bracket(p, x, z);
  const up = { ...p, a: 1 + 1e-6 };
  const down = { ...p, a: 1 - 1e-6 };
  return (scaled(up, x, z) + scaled(down, x, z)) / 2;
}

/** E[X(t)]: expected purchases of a new customer in their first t time units. */
export function bgNbdExpectedPurchases(p: BgNbdParams, t: number): number {
  if (t <= 0) return 0;
  return scaled(p, 0, t / (p.alpha + t));
}

/** E[Y(t) | x, tx, T]: expected purchases in the next t time units of a customer with this history. */
export function bgNbdConditionalExpectedPurchases(
  p: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  if (t <= 0) return 0;
  const value = scaled(p, x, t / (p.alpha + T + t));
  if (x === 0) return value;
  const l =
    Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
  // value / (1 + eˡ), kept finite when eˡ overflows.
  return l > 700 ? Math.exp(Math.log(value) - l) : value / (1 + Math.exp(l));
}

/** P(X(t) = n) for a new customer (FHL 2005a eq. 8), every term in log space. */
export function bgNbdProbabilityOfPurchases(p: BgNbdParams, t: number, n: number): number {
  const { r, alpha, a, b } = p;
  const lbAB = logGamma(a) + logGamma(b) - logGamma(a + b);
  const lnFrac = Math.log(alpha / (alpha + t));
  const lnZ = Math.log(t / (alpha + t));
  const first =
    logGamma(a) +
    logGamma(b + n) -
    logGamma(a + b + n) -
    lbAB +
    logGamma(r + n) -
    logGamma(r) -
    logGamma(n + 1) +
    r * lnFrac +
    n * lnZ;
  if (n === 0) return Math.exp(first);
  let partial = 0;
  for (let j = 0; j < n; j++)
    partial += Math.exp(logGamma(r + j) - logGamma(r) - logGamma(j + 1) + r * lnFrac + j * lnZ);
  const second = logGamma(a + 1) + logGamma(b + n - 1) - logGamma(a + b + n) - lbAB;
  return Math.exp(first) + Math.exp(second) * Math.max(0, 1 - partial);
}
