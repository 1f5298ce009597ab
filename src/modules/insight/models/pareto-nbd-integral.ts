import { gaussLegendre } from '../math/gauss-legendre.ts';

const RULE = gaussLegendre(12);
/** Change of the log-integrand allowed across one quadrature piece (see below for the accuracy). */
const MAX_CHANGE = 8;
/** Longest piece in v = ln(min(α,β) + τ): keeps the integrand's branch point (at imaginary v = π) far enough. */
const MAX_LENGTH = Math.PI / 2;
/** Pieces one integral may use; past that the caller falls back to the ₂F₁ form. */
const MAX_PIECES = 24;
/** Relative size below which the rest of a decreasing integrand is dropped. */
const TAIL = 1e-18;

/**
 * ln ∫ from t₁ to t₂ of (α+τ)^−(r+x) (β+τ)^−(s+1) dτ, the integral behind the Pareto/NBD
 * likelihood's second term (A₀ of Fader & Hardie's note equals (r+s+x) times it: its two ₂F₁ are
 * this integral's two ends). Integrating directly costs a few dozen logarithms whatever the
 * parameters, where each ₂F₁ near z = 1 costs up to thousands of terms; on CDNOW it is most of the
 * Pareto/NBD fit's time.
 *
 * With m = min(α, β), M = max, and v = ln((m+τ)/(m+t₁)), the integrand (Jacobian included) is
 *   (m+t₁)·e^{g(t₁)}·exp(φ(v)),  φ(v) = (1 − p)v − q·ln(1 + κ(eᵛ − 1)),  κ = (m+t₁)/(M+t₁),
 * p the exponent on m's factor and q on M's. φ′ is monotone, so its largest size on a piece is at
 * an end; pieces are cut so φ changes by at most MAX_CHANGE across each, and are at most π/2 long
 * (the only singularity, of ln(1 + κ(eᵛ − 1)), lies π off the real axis). On such pieces 12-point
 * Gauss–Legendre is accurate to about 1e-14 relative (`pareto-nbd-integral.test.ts` checks it
 * against the ₂F₁ form). Null when more than MAX_PIECES pieces would be needed.
 */
export function logParetoNbdIntegral(
  r: number,
  alpha: number,
  s: number,
  beta: number,
  x: number,
  t1: number,
  t2: number,
): number | null {
  if (!(t2 > t1)) return Number.NEGATIVE_INFINITY;
  const [m, M, p, q] = alpha <= beta ? [alpha, beta, r + x, s + 1] : [beta, alpha, s + 1, r + x];
  const kappa = (m + t1) / (M + t1);
  const length = Math.log1p((t2 - t1) / (m + t1));
  const phi = (v: number) => (1 - p) * v - q * Math.log1p(kappa * Math.expm1(v));
  const slope = (v: number) => 1 - p - (q * kappa * Math.exp(v)) / (1 + kappa * Math.expm1(v));
  const n = RULE.nodes.length;
  const values = new Float64Array(n);
  // Sum of e^(φ − shift), the shift being the largest φ met so far: every exponential stays in range.
  let shift = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let start = 0;
  for (let piece = 0; start < length; piece++) {
    if (piece === MAX_PIECES) return null;
    // φ′ is decreasing (φ is concave): once it is negative, the rest is below e^φ(start) per unit.
    const s0 = slope(start);
    if (s0 < 0 && sum > 0 && Math.exp(phi(start) - shift) * (length - start) < TAIL * sum) break;
    const longest = Math.min(MAX_LENGTH, length - start);
    const change = (w: number) => w * Math.max(Math.abs(s0), Math.abs(slope(start + w)));
    let width = longest;
    if (change(width) > MAX_CHANGE) {
      // The slope at the far end overstates the change over a shorter piece: grow while it fits.
      width = MAX_CHANGE / Math.max(Math.abs(s0), Math.abs(slope(start + width)));
      for (let k = 0; k < 6 && 2 * width < longest && change(2 * width) <= MAX_CHANGE; k++) width *= 2;
    }
    const half = width / 2;
    const mid = start + half;
    let top = shift;
    for (let k = 0; k < n; k++) {
      const value = phi(mid + half * (RULE.nodes[k] as number));
      values[k] = value;
      if (value > top) top = value;
    }
    if (top > shift) {
      sum = sum === 0 ? 0 : sum * Math.exp(shift - top);
      shift = top;
    }
    let part = 0;
    for (let k = 0; k < n; k++) part += (RULE.weights[k] as number) * Math.exp((values[k] as number) - shift);
    sum += part * half;
    start += width;
  }
  const logStart = -(r + x) * Math.log(alpha + t1) - (s + 1) * Math.log(beta + t1);
  return logStart + Math.log(m + t1) + shift + Math.log(sum);
}
