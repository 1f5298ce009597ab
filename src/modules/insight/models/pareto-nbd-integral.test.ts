// The Pareto/NBD likelihood's integral, computed by Gauss–Legendre pieces, against mpmath (40
// digits, adaptive quadrature on a fine grid) and against the ₂F₁ form of Fader & Hardie's note.
import { describe, expect, it } from 'vitest';
import { logHyp2f1 } from '../math/hyp2f1.ts';
import { logSubExp } from '../math/log-sum-exp.ts';
import { seededRandom } from '../math/statistics.ts';
import { logParetoNbdIntegral } from './pareto-nbd-integral.ts';

// r, α, s, β, x, t_x, T, then ln ∫ from t_x to T of (α+τ)^−(r+x) (β+τ)^−(s+1) dτ by mpmath.
const MPMATH: [number, number, number, number, number, number, number, number][] = [
  // CDNOW customers 1, 3 and 1516 at BTYD's parameters
  [
    0.5533971, 10.5801985, 0.6060625, 11.6562237, 2, 30.428571428571427, 38.857142857142854,
    -13.7297487620902,
  ],
  [0.5533971, 10.5801985, 0.6060625, 11.6562237, 0, 0, 38.857142857142854, -3.163763130401575],
  [0.5533971, 10.5801985, 0.6060625, 11.6562237, 26, 30.857142857142858, 31, -106.90607299009581],
  // the s, β ridge a default scoring run on CDNOW walks (homogeneous dropout)
  [0.49214, 7.741, 2040.8, 35659, 3, 5.142857142857143, 12.857142857142858, -21409.75538120424],
  // heavy buyers with large s: the ₂F₁ difference is 120 off in the first (see below)
  [
    5.279879677196384, 0.1776138703372373, 358.56708059408123, 1176.1455259233574, 205, 247.08724631829787,
    454.6192919211519, -3769.5377261432354,
  ],
  [
    0.46280536469295414, 0.5335296027412939, 1996.7241832249638, 137.4428317716467, 1719, 1.4893339644676133,
    65.26295471079865, -11074.890029812457,
  ],
  // a tiny α (power-law singularity just left of τ = 0), α > β, and the no-dropout corner
  [0.01, 0.00001, 0.3, 50, 0, 0, 520, -0.6691940791545518],
  [2, 300, 0.05, 0.2, 7, 100, 100.5, -59.46208147230636],
  [0.8, 6, 0.000001, 1000000, 40, 51.9, 52, -181.74883706816996],
];

/** The same integral from the note's A₀ (two ₂F₁ and a difference). */
function viaHyp2f1(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number) {
  const rsx = r + s + x;
  const [hi, lo, b] = alpha >= beta ? [alpha, beta, s + 1] : [beta, alpha, r + x];
  const at = (t: number) => logHyp2f1(rsx, b, rsx + 1, (hi - lo) / (hi + t)) - rsx * Math.log(hi + t);
  return logSubExp(at(tx), at(T)) - Math.log(rsx);
}

describe('Pareto/NBD integral', () => {
  it.each(MPMATH)(
    'matches mpmath at r=%d α=%d s=%d β=%d x=%d t_x=%d T=%d',
    (r, a, s, b, x, tx, T, expected) => {
      const v = logParetoNbdIntegral(r, a, s, b, x, tx, T);
      expect(v).not.toBeNull();
      expect(Math.abs((v as number) - expected)).toBeLessThan(1e-14 * Math.max(1, Math.abs(expected)));
    },
  );

  it('is exactly zero (log −∞) when the last purchase is at the end of the window', () => {
    expect(logParetoNbdIntegral(0.5, 10, 0.6, 11, 3, 20, 20)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('agrees with the ₂F₁ form where that is accurate, and not where its difference cancels', () => {
    const rand = seededRandom(5);
    let worst = 0;
    for (let i = 0; i < 2000; i++) {
      const p = [0.2 + rand(), 2 + 20 * rand(), 0.1 + 2 * rand(), 2 + 30 * rand()] as const;
      const T = 1 + 77 * rand();
      const x = Math.floor(15 * rand());
      const tx = x === 0 ? 0 : T * rand() * 0.9;
      const q = logParetoNbdIntegral(...p, x, tx, T) as number;
      worst = Math.max(worst, Math.abs(q - viaHyp2f1(...p, x, tx, T)) / Math.max(1, Math.abs(q)));
    }
    expect(worst).toBeLessThan(1e-11);
    const [r, a, s, b, x, tx, T, expected] = MPMATH[4] as (typeof MPMATH)[number];
    expect(Math.abs(viaHyp2f1(r, a, s, b, x, tx, T) - expected)).toBeGreaterThan(100);
  });

  it('gives a finite answer within its piece budget (no ₂F₁ fallback) across the whole search box', () => {
    const rand = seededRandom(8);
    const logUniform = (lo: number, hi: number) => Math.exp(Math.log(lo) + rand() * Math.log(hi / lo));
    for (let i = 0; i < 5000; i++) {
      const T = logUniform(0.1, 520);
      const x = rand() < 0.3 ? 0 : Math.floor(logUniform(1, 100_000));
      const v = logParetoNbdIntegral(
        logUniform(1e-6, 1e6),
        logUniform(1e-6, 1e6),
        logUniform(1e-6, 1e6),
        logUniform(1e-6, 1e6),
        x,
        x === 0 ? 0 : T * rand(),
        T,
      );
      expect(v !== null && Number.isFinite(v)).toBe(true);
    }
  });
});
