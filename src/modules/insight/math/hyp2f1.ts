/** A value held as sign · e^log, so results far beyond double range stay usable in log space. */
export type SignedLog = { log: number; sign: number };

const RESCALE = 1e280;
const LOG_RESCALE = Math.log(RESCALE);
const MAX_TERMS = 2_000_000;
const EPS = 1e-17;

/** Σ (a)ₖ(b)ₖ/((c)ₖ k!) zᵏ for 0 ≤ z < 1, rescaled on the way so huge partial sums never overflow. */
function series(a: number, b: number, c: number, z: number): SignedLog {
  let term = 1;
  let sum = 1;
  let logScale = 0;
  for (let k = 0; k < MAX_TERMS; k++) {
    const ratio = (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    term *= ratio;
    sum += term;
    if (term === 0) break; // a or b is a non-positive integer: the series is a polynomial
    if (Math.abs(sum) > RESCALE) {
      sum /= RESCALE;
      term /= RESCALE;
      logScale += LOG_RESCALE;
    }
    // Stop only once terms shrink geometrically, so the tail is bounded by term · r / (1 − r).
    const r = Math.abs(ratio);
    if (r < 1 && Math.abs(term) <= EPS * Math.abs(sum) * (1 - r)) break;
  }
  if (sum === 0) return { log: Number.NEGATIVE_INFINITY, sign: 0 };
  return { log: logScale + Math.log(Math.abs(sum)), sign: Math.sign(sum) };
}

/**
 * Gauss's hypergeometric function ₂F₁(a, b; c; z) for real parameters and z < 1, as sign and log.
 * For 0 ≤ z < 1 it sums whichever of the direct series and Euler's transform
 * (1 − z)^(c−a−b) ₂F₁(c−a, c−b; c; z) has the smaller parameters: for the BG/NBD and Pareto/NBD
 * expressions, where a and b grow with a customer's purchase count, Euler's form has bounded terms
 * and converges in a few dozen terms even for thousands of purchases. Negative z goes through
 * Pfaff's transform to z/(z − 1) ∈ (0, 1).
 */
export function hyp2f1Signed(a: number, b: number, c: number, z: number): SignedLog {
  if (!(z < 1)) throw new RangeError(`hyp2f1 needs z < 1, got ${z}`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hyp2f1 is undefined for c = ${c}`);
  if (z === 0) return { log: 0, sign: 1 };
  if (z < 0) {
    const inner = hyp2f1Signed(a, c - b, c, z / (z - 1));
    return { log: inner.log - a * Math.log1p(-z), sign: inner.sign };
  }
  const direct = Math.abs(a) + Math.abs(b);
  const euler = Math.abs(c - a) + Math.abs(c - b);
  if (euler < direct) {
    const inner = series(c - a, c - b, c, z);
    return { log: inner.log + (c - a - b) * Math.log1p(-z), sign: inner.sign };
  }
  return series(a, b, c, z);
}

/** ₂F₁(a, b; c; z) as a plain number (may be ±Infinity when the value exceeds double range). */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  const s = hyp2f1Signed(a, b, c, z);
  return s.sign * Math.exp(s.log);
}

/** ln ₂F₁(a, b; c; z) for parameters where the function is positive (all the CLV models' cases). */
export function logHyp2f1(a: number, b: number, c: number, z: number): number {
  const s = hyp2f1Signed(a, b, c, z);
  if (s.sign <= 0) throw new RangeError(`hyp2f1(${a}, ${b}; ${c}; ${z}) is not positive`);
  return s.log;
}
