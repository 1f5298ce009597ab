import { describe, expect, it } from 'vitest';
import { bfgs } from './bfgs.ts';
import { chiSquarePValue } from './chi-square.ts';
import { fitMaximumLikelihood } from './fit-maximum-likelihood.ts';
import { hyp2f1, hyp2f1Cost, logHyp2f1 } from './hyp2f1.ts';
import { invertMatrix, solveSpd } from './linear-algebra.ts';
import { logBeta, logGamma } from './log-gamma.ts';
import { inverseOnePlusExp, logAddExp, logSubExp } from './log-sum-exp.ts';
import { fitLogisticRegression, predictLogit } from './logistic-regression.ts';
import { nelderMead } from './minimize.ts';
import { rocAuc, seededRandom } from './statistics.ts';

// Reference values from scipy.special (gammaln, hyp2f1) 1.17 on this machine.
describe('logGamma', () => {
  it.each([
    [1e-8, 18.42068073818021],
    [0.5, 0.5723649429247],
    [1, 0],
    [1.5, -0.12078223763524526],
    [2, 0],
    [3.7, 1.428072326665388],
    [10, 12.801827480081469],
    [100.25, 360.28455963776423],
    [1e5, 1051287.7089736569],
    [1e10, 220258509288.81058],
  ])('ln Γ(%d)', (x, expected) => {
    expect(logGamma(x)).toBeCloseTo(expected, Math.abs(expected) > 1e6 ? 3 : 12);
  });

  it('satisfies the recurrence and the beta identity', () => {
    for (const x of [0.2, 1.7, 33.3]) expect(logGamma(x + 1) - logGamma(x)).toBeCloseTo(Math.log(x), 12);
    expect(Math.exp(logBeta(2, 3))).toBeCloseTo(1 / 12, 14);
  });
});

describe('hyp2f1', () => {
  it.each([
    [1, 1, 2, 0.5, 1.3862943611198901],
    [0.243, 2.426, 2.219, 0.3, 1.1005185330854723],
    [2.243, 4.426, 4.219, 0.47, 4.49303693401162],
    [26.24, 28.43, 27.22, 0.6, 81658797576.0716],
    [0.5, 0.5, 1.5, -0.9, 0.8903053070774898],
    [1.5, 2.5, 3.7, -5, 0.12895610419284248],
    [0.3, 0.7, 1.2, 0.95, 1.4848942650533004],
    [0.3, 0.7, 1.2, 0.999, 1.8801497197449173],
    [3, -2, 5, 0.4, 0.584],
    [11.2, 1.6, 12.2, 0.9, 20.788166926818956],
  ])('₂F₁(%d, %d; %d; %d) matches scipy', (a, b, c, z, expected) => {
    expect(hyp2f1(a, b, c, z) / expected).toBeCloseTo(1, 11);
  });

  it('stays finite in log space far beyond double range', () => {
    // scipy: 7.004370755953152e+275; with ten times the parameters the value is ~1e2750.
    expect(logHyp2f1(1000.24, 1002.4, 1002.2, 0.47)).toBeCloseTo(Math.log(7.004370755953152e275), 9);
    const big = logHyp2f1(10000.24, 10002.4, 10002.2, 0.47);
    expect(Number.isFinite(big) && big > 6000).toBe(true);
  });

  // Close to z = 1 (the Pareto/NBD ridge): mpmath references of ln ₂F₁ at 40 digits.
  it.each([
    [0.3, 0.7, 1.2, 0.99999899999999997, 0.76014353046142294],
    [0.3, 0.7, 1.2, 0.99999999999900002, 0.79748331089863034],
    [1, 0.0001, 1.5, 0.99999999989999999, 0.00020001685428859396],
    [1, 111.30777263372, 116.80290820617154, 0.99437530222491366, 3.0916516509383032],
    [1, 11.3, 13.8, 0.99999000000000005, 2.1437583808893727],
    [3, 10, 11.9, 0.99999999999900002, 34.107777910222784],
    [1, 1001.3, 1003.8, 0.99999000000000005, 6.4881016588781181],
    [0.6, 2.0, 3.1, 0.99999000000000005, 1.1195681401938092],
  ])('ln ₂F₁(%d, %d; %d; %d) near z = 1 matches mpmath with bounded work', (a, b, c, z, expected) => {
    hyp2f1Cost.terms = 0;
    expect(Math.abs(logHyp2f1(a, b, c, z) - expected)).toBeLessThan(1e-13 * Math.max(1, Math.abs(expected)));
    // The plain series would need about 40/(1 − z) terms: up to 4e13 here.
    expect(hyp2f1Cost.terms).toBeLessThan(25_000);
  });

  it('refuses z ≥ 1', () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
  });
});

describe('log-space helpers', () => {
  it('adds and subtracts exponentials without overflow', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSubExp(1000, 999)).toBeCloseTo(1000 + Math.log(1 - Math.exp(-1)), 12);
    expect(logSubExp(5, 5)).toBe(Number.NEGATIVE_INFINITY);
    expect(inverseOnePlusExp(5000)).toBe(0);
    expect(inverseOnePlusExp(-5000)).toBe(1);
  });
});

describe('optimisers', () => {
  const rosenbrock = (x: readonly number[]) =>
    100 * ((x[1] as number) - (x[0] as number) ** 2) ** 2 + (1 - (x[0] as number)) ** 2;

  it('Nelder–Mead and BFGS find the Rosenbrock minimum', () => {
    const nm = nelderMead(rosenbrock, [-1.2, 1]);
    expect(nm.x[0]).toBeCloseTo(1, 4);
    const polished = bfgs(rosenbrock, nm.x);
    expect(polished.x[0]).toBeCloseTo(1, 6);
    expect(polished.x[1]).toBeCloseTo(1, 6);
  });

  it('maximum likelihood recovers a gamma sample’s shape and rate with standard errors', () => {
    const rand = seededRandom(7);
    // Exponential(rate 2) sample: gamma with shape 1.
    const xs = Array.from({ length: 4000 }, () => -Math.log(1 - rand()) / 2);
    const sumX = xs.reduce((s, v) => s + v, 0);
    const sumLog = xs.reduce((s, v) => s + Math.log(v), 0);
    const fit = fitMaximumLikelihood(
      ([k, rate]) =>
        xs.length * ((k as number) * Math.log(rate as number) - logGamma(k as number)) +
        ((k as number) - 1) * sumLog -
        (rate as number) * sumX,
      [3, 3],
    );
    expect(fit.params[0]).toBeCloseTo(1, 1);
    expect(fit.params[1]).toBeCloseTo(2, 0);
    expect(fit.standardErrors[0]).toBeGreaterThan(0);
    expect(fit.atBound).toEqual([]);
  });

  it('stops at its evaluation budget and says so', () => {
    const fit = fitMaximumLikelihood(
      ([a, b]) => -(((a as number) - 3) ** 2) - 100 * ((b as number) - (a as number) ** 2) ** 2,
      [0.1, 5],
      { maxEvaluations: 30 },
    );
    expect(fit.budget.exhausted).toBe('evaluations');
    expect(fit.converged).toBe(false);
    expect(fit.evaluations).toBeLessThanOrEqual(30 + 20);
  });

  it('reports a likelihood that runs to a bound', () => {
    const fit = fitMaximumLikelihood(([v]) => -1 / (v as number), [1], { lower: 1e-6, upper: 1e4 });
    expect(fit.atBound).toEqual([{ index: 0, side: 'upper' }]);
  });
});

describe('linear algebra', () => {
  it('inverts and solves', () => {
    const a = [
      [4, 1],
      [1, 3],
    ];
    const inv = invertMatrix(a) as number[][];
    expect(inv[0]?.[0]).toBeCloseTo(3 / 11, 14);
    expect(solveSpd(a, [1, 2])).toEqual([expect.closeTo(1 / 11, 14), expect.closeTo(7 / 11, 14)]);
    expect(
      invertMatrix([
        [1, 2],
        [2, 4],
      ]),
    ).toBeUndefined();
  });
});

describe('logistic regression', () => {
  it('recovers planted coefficients and ranks perfectly separable data', () => {
    const rand = seededRandom(3);
    const rows: Float64Array[] = [];
    const labels: boolean[] = [];
    for (let i = 0; i < 20000; i++) {
      const x = Float64Array.of(rand() * 4 - 2, rand() * 4 - 2);
      const p = 1 / (1 + Math.exp(-(0.5 + 1.5 * (x[0] as number) - (x[1] as number))));
      rows.push(x);
      labels.push(rand() < p);
    }
    const m = fitLogisticRegression(rows, labels, { l2: 1e-6 });
    expect(m.converged).toBe(true);
    expect(m.intercept).toBeCloseTo(0.5, 1);
    expect(m.weights[0]).toBeCloseTo(1.5, 1);
    expect(m.weights[1]).toBeCloseTo(-1, 1);
    expect(
      rocAuc(
        rows.map((r) => predictLogit(m, r)),
        labels,
      ),
    ).toBeGreaterThan(0.8);
  });

  it('computes ROC AUC with ties and chi-square p-values', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBe(0.75);
    expect(rocAuc([1, 1], [true, false])).toBe(0.5);
    expect(chiSquarePValue(4.825, 3)).toBeCloseTo(0.185, 3);
    expect(chiSquarePValue(11.99, 3)).toBeCloseTo(0.0074, 4);
  });
});
