import { logGamma } from './log-gamma.ts';

/** A value held as sign · e^log, so results far beyond double range stay usable in log space. */
export type SignedLog = { log: number; sign: number };

const RESCALE = 1e280;
const LOG_RESCALE = Math.log(RESCALE);
const EPS = 1e-17;
/** Terms the plain series may take before the call switches to analytic continuation (z > 0.75). */
const SERIES_TERMS_NEAR_ONE = 60;
/** Hard cap on the series anywhere (z ≤ 0.75 converges at least like 0.75ᵏ once k exceeds a, b). */
const SERIES_TERMS = 20_000;
/** Taylor terms per continuation step (each step's terms shrink like 2⁻ⁿ once n exceeds a, b, c). */
const STEP_TERMS = 5_000;
/** Continuation steps (see `continuation` for how long each is). */
const MAX_STEPS = 400;

/** Work counters, for tests that bound the cost per call. */
export const hyp2f1Cost = { calls: 0, terms: 0 };

type Partial = { sum: number; logScale: number; converged: boolean };

/**
 * Σ (a)ₖ(b)ₖ/((c)ₖ k!) zᵏ for 0 ≤ z < 1, rescaled on the way so huge partial sums never overflow;
 * `converged` is false when the term budget ran out first.
 */
function series(a: number, b: number, c: number, z: number, maxTerms: number): Partial {
  let term = 1;
  let sum = 1;
  let logScale = 0;
  let k = 0;
  let converged = false;
  for (; k < maxTerms; k++) {
    const ratio = (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    term *= ratio;
    sum += term;
    if (term === 0) {
      converged = true; // a or b is a non-positive integer: the series is a polynomial
      break;
    }
    if (Math.abs(sum) > RESCALE) {
      sum /= RESCALE;
      term /= RESCALE;
      logScale += LOG_RESCALE;
    }
    // Stop only once terms shrink geometrically, so the tail is bounded by term · r / (1 − r).
    const r = Math.abs(ratio);
    if (r < 1 && Math.abs(term) <= EPS * Math.abs(sum) * (1 - r)) {
      converged = true;
      break;
    }
  }
  hyp2f1Cost.terms += k;
  return { sum, logScale, converged };
}

const toSignedLog = (sum: number, logScale: number): SignedLog =>
  sum === 0
    ? { log: Number.NEGATIVE_INFINITY, sign: 0 }
    : { log: logScale + Math.log(Math.abs(sum)), sign: Math.sign(sum) };

/**
 * ₂F₁(a, b; c; z) for 0.5 < z < 1 by analytic continuation along the hypergeometric equation
 * z(1−z)F″ + (c − (a+b+1)z)F′ − abF = 0: F and F′ at z = 0.5 come from the series (ratio ½), then
 * Taylor steps whose coefficients follow the equation's three-term recurrence
 *   d₍ₙ₊₂₎ = [(n+a)(n+b)h²dₙ − (n+1)((1−2z₀)n + c − (a+b+1)z₀)h·d₍ₙ₊₁₎] / (z₀(1−z₀)(n+2)(n+1)),
 * each step at most half the distance to the singular point z = 1 (and shorter for large
 * parameters), so every step's terms shrink geometrically and the steps number
 * O((1 + |c − a − b|) · log(1/(1−z))). Cost is bounded whatever z is, unlike the series, which
 * needs ~40/(1−z) terms (2,000,000 at the Pareto/NBD ridge).
 */
function continuation(a: number, b: number, c: number, z: number): SignedLog | null {
  const z0Start = 0.5;
  const f0 = series(a, b, c, z0Start, SERIES_TERMS);
  const d0 = series(a + 1, b + 1, c + 1, z0Start, SERIES_TERMS);
  if (!f0.converged || !d0.converged) return null;
  // F and F′ share one scale: F′(z₀) = (ab/c) ₂F₁(a+1, b+1; c+1; z₀).
  let logScale = Math.max(f0.logScale, d0.logScale);
  let f = f0.sum * Math.exp(f0.logScale - logScale);
  let fp = ((a * b) / c) * d0.sum * Math.exp(d0.logScale - logScale);
  let z0 = z0Start;
  for (let step = 0; step < MAX_STEPS && z0 < z; step++) {
    const p0 = z0 * (1 - z0);
    const q0 = c - (a + b + 1) * z0;
    // At most half the distance to z = 1, and short enough that the first Taylor terms cannot grow
    // much (|q₀|h/p₀ ≤ 2, |ab|h²/p₀ ≤ 4): with large parameters, long steps would make terms grow
    // like (q₀h/p₀)ⁿ/n! and then cancel. Steps shrink geometrically towards z = 1.
    const h = Math.min(
      z - z0,
      (1 - z0) / 2,
      (2 * p0) / (Math.abs(q0) + 1e-300),
      2 * Math.sqrt(p0 / (Math.abs(a * b) + 1e-300)),
    );
    const p1 = 1 - 2 * z0;
    let dPrev = f; // d₀ = F(z₀)
    let dCur = fp * h; // d₁ = F′(z₀)·h
    let value = dPrev + dCur;
    let slope = dCur; // Σ n·dₙ (= h·F′(z₀+h))
    let converged = false;
    let n = 0;
    for (; n < STEP_TERMS; n++) {
      const next =
        ((n + a) * (n + b) * h * h * dPrev - (n + 1) * (p1 * n + q0) * h * dCur) / (p0 * (n + 2) * (n + 1));
      value += next;
      slope += (n + 2) * next;
      const size = Math.abs(next) + Math.abs(dCur);
      dPrev = dCur;
      dCur = next;
      // Two consecutive negligible terms, past the point where the parameters make terms grow.
      if (n > 2 && size * (n + 2) <= EPS * (Math.abs(value) + Math.abs(slope))) {
        converged = true;
        break;
      }
      if (!Number.isFinite(value)) return null;
    }
    hyp2f1Cost.terms += n;
    if (!converged) return null;
    z0 += h;
    f = value;
    fp = slope / h;
    // Keep F and F′ near 1 so long continuations neither overflow nor underflow.
    const m = Math.max(Math.abs(f), Math.abs(fp) * (1 - z0));
    if (m > 0 && Number.isFinite(m)) {
      f /= m;
      fp /= m;
      logScale += Math.log(m);
    }
  }
  if (z0 < z) return null;
  return toSignedLog(f, logScale);
}

/** Sign of Γ(x) (x not a pole): negative on (−1, 0), (−3, −2), … */
const gammaSign = (x: number): number => (x > 0 || Math.floor(x) % 2 === 0 ? 1 : -1);

/** Distance of c − a − b from an integer below which the 1 − z formula loses digits to cancellation. */
const CONNECTION_MIN_FRACTION = 0.05;
const CONNECTION_TERMS = 400;

/**
 * Near z = 1, the connection formula (Abramowitz & Stegun 15.3.6), m = c − a − b not an integer:
 * F = Γ(c)Γ(m)/(Γ(c−a)Γ(c−b)) F(a, b; 1−m; 1−z) + (1−z)^m Γ(c)Γ(−m)/(Γ(a)Γ(b)) F(c−a, c−b; 1+m; 1−z).
 * Both series run in 1 − z, so they are short exactly where the direct series is long; null when
 * m is too close to an integer (the two terms then cancel) or a series would not converge in budget.
 */
function connection(a: number, b: number, c: number, z: number): SignedLog | null {
  const m = c - a - b;
  if (Math.abs(m - Math.round(m)) < CONNECTION_MIN_FRACTION) return null;
  const w = 1 - z;
  const poles = [c - a, c - b, a, b, 1 - m, 1 + m];
  if (poles.some((v) => v <= 0 && Number.isInteger(v))) return null;
  const s1 = series(a, b, 1 - m, w, CONNECTION_TERMS);
  const s2 = series(c - a, c - b, 1 + m, w, CONNECTION_TERMS);
  if (!s1.converged || !s2.converged) return null;
  const lgc = logGamma(c);
  const t1: SignedLog = {
    log: lgc + logGamma(m) - logGamma(c - a) - logGamma(c - b) + toSignedLog(s1.sum, s1.logScale).log,
    sign: gammaSign(c) * gammaSign(m) * gammaSign(c - a) * gammaSign(c - b) * Math.sign(s1.sum),
  };
  const t2: SignedLog = {
    log:
      m * Math.log(w) + lgc + logGamma(-m) - logGamma(a) - logGamma(b) + toSignedLog(s2.sum, s2.logScale).log,
    sign: gammaSign(c) * gammaSign(-m) * gammaSign(a) * gammaSign(b) * Math.sign(s2.sum),
  };
  if (t1.sign === 0) return t2;
  if (t2.sign === 0) return t1;
  const [big, small] = t1.log >= t2.log ? [t1, t2] : [t2, t1];
  const ratio = Math.exp(small.log - big.log);
  // Terms of opposite sign and similar size would cancel digits: the continuation does it instead.
  if (big.sign !== small.sign && ratio > 0.5) return null;
  const sum = big.sign === small.sign ? Math.log1p(ratio) : Math.log1p(-ratio);
  return { log: big.log + sum, sign: big.sign };
}

/** The series, or the continuation once z is close enough to 1 for the series to be slow. */
function evaluate(a: number, b: number, c: number, z: number): SignedLog {
  if (z <= 0.75) {
    const s = series(a, b, c, z, SERIES_TERMS);
    return toSignedLog(s.sum, s.logScale);
  }
  const s = series(a, b, c, z, SERIES_TERMS_NEAR_ONE);
  if (s.converged) return toSignedLog(s.sum, s.logScale);
  const near = connection(a, b, c, z);
  if (near) return near;
  const cont = continuation(a, b, c, z);
  if (cont) return cont;
  // Parameters so large that both budgets ran out: the best the bounded series gives.
  const last = series(a, b, c, z, SERIES_TERMS);
  return toSignedLog(last.sum, last.logScale);
}

/**
 * Gauss's hypergeometric function ₂F₁(a, b; c; z) for real parameters and z < 1, as sign and log.
 * For 0 ≤ z < 1 it uses whichever of the direct form and Euler's transform
 * (1 − z)^(c−a−b) ₂F₁(c−a, c−b; c; z) has the smaller parameters: for the BG/NBD and Pareto/NBD
 * expressions, where a and b grow with a customer's purchase count, Euler's form has bounded terms.
 * Close to z = 1, where the series needs ~40/(1 − z) terms, it continues analytically along the
 * hypergeometric equation instead (bounded cost; see `continuation`). Negative z goes through
 * Pfaff's transform to z/(z − 1) ∈ (0, 1).
 */
export function hyp2f1Signed(a: number, b: number, c: number, z: number): SignedLog {
  if (!(z < 1)) throw new RangeError(`hyp2f1 needs z < 1, got ${z}`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hyp2f1 is undefined for c = ${c}`);
  hyp2f1Cost.calls++;
  if (z === 0) return { log: 0, sign: 1 };
  if (z < 0) {
    const inner = hyp2f1Signed(a, c - b, c, z / (z - 1));
    hyp2f1Cost.calls--;
    return { log: inner.log - a * Math.log1p(-z), sign: inner.sign };
  }
  const direct = Math.abs(a) + Math.abs(b);
  const euler = Math.abs(c - a) + Math.abs(c - b);
  if (euler < direct) {
    const inner = evaluate(c - a, c - b, c, z);
    return { log: inner.log + (c - a - b) * Math.log1p(-z), sign: inner.sign };
  }
  return evaluate(a, b, c, z);
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
