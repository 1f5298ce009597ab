import { describe, expect, it } from 'vitest';
import { compareMeans } from './compare-means.ts';
import { compareProportions } from './compare-proportions.ts';
import { cuped } from './cuped.ts';
import { logGamma, normalCdf, regularizedBeta, studentTCdf, studentTQuantile } from './distributions.ts';
import { addObservation, emptyMoments, type Moments } from './moments.ts';

const moments = (ys: number[], xs: number[] = ys.map(() => 0)): Moments => {
  const m = emptyMoments();
  ys.forEach((y, i) => addObservation(m, y, xs[i] as number));
  return m;
};

// Reference values: scipy 1.17 (stats.t, stats.norm, special.betainc, special.gammaln) on this machine.
describe('distributions', () => {
  it('match scipy', () => {
    expect(logGamma(0.3)).toBeCloseTo(1.0957979948180756, 12);
    expect(logGamma(12.5)).toBeCloseTo(18.73434751193645, 11);
    expect(regularizedBeta(0.3, 2.5, 0.5)).toBeCloseTo(0.018927124071945658, 12);
    expect(regularizedBeta(0.9, 10, 3)).toBeCloseTo(0.889130022255, 11);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 13);
    expect(normalCdf(-2.5)).toBeCloseTo(0.006209665325776132, 14);
    expect(normalCdf(3.7)).toBeCloseTo(0.9998922002665226, 13);
    expect(studentTCdf(1.3, 4.5)).toBeCloseTo(0.871901956027983, 11);
    expect(studentTCdf(-2.2, 7.25)).toBeCloseTo(0.031210109970313083, 11);
    expect(studentTQuantile(0.975, 3.2)).toBeCloseTo(3.0728289297131623, 9);
    expect(studentTQuantile(0.975, 1000)).toBeCloseTo(1.9623390808264083, 9);
  });
});

describe('Welch', () => {
  it('compares two means as worked by hand', () => {
    // Treated 3, 5, 7, 9: mean 6, variance 20/3. Held out 1, 2, 3: mean 2, variance 1.
    // SE = √(20/3/4 + 1/3) = √2; df = (2)² / ((5/3)²/3 + (1/3)²/2) = 4.0755.
    const d = compareMeans(moments([3, 5, 7, 9]), moments([1, 2, 3]));
    expect(d?.difference).toBe(4);
    expect(d?.standardError).toBeCloseTo(Math.SQRT2, 14);
    expect(d?.low).toBeCloseTo(0.10202454891687118, 9);
    expect(d?.high).toBeCloseTo(7.897975451083129, 9);
    expect(d?.pValue).toBeCloseTo(0.046407209926477164, 10);
  });

  it('says nothing with fewer than two customers in an arm', () => {
    expect(compareMeans(moments([1, 2]), moments([3]))).toBeNull();
  });
});

describe('proportions', () => {
  it('gives the unpooled normal interval', () => {
    // 120/400 = 0.30 against 20/100 = 0.20: SE = √(0.3·0.7/400 + 0.2·0.8/100) = √0.002125.
    const d = compareProportions({ n: 400, successes: 120 }, { n: 100, successes: 20 });
    expect(d?.difference).toBeCloseTo(0.1, 14);
    expect(d?.standardError).toBeCloseTo(Math.sqrt(0.002125), 14);
    expect(d?.low).toBeCloseTo(0.009650124549200292, 12);
    expect(d?.high).toBeCloseTo(0.19034987545079968, 12);
    expect(d?.pValue).toBeCloseTo(0.030059567892412452, 12);
  });

  it('treats identical certain arms as no difference', () => {
    expect(compareProportions({ n: 10, successes: 10 }, { n: 5, successes: 5 })).toMatchObject({
      difference: 0,
      pValue: 1,
    });
  });
});

describe('CUPED', () => {
  it('adjusts for the pre-period with the pooled within-arm θ', () => {
    // Pooled var(X) = (3·166.67 + 2·100)/5 = 140; pooled cov = (3·173.33 + 2·100)/5 = 143;
    // θ = 143/140 = 1.02143.
    const t = moments([12, 25, 29, 45], [10, 20, 30, 40]);
    const c = moments([10, 18, 30], [15, 25, 35]);
    const d = cuped(t, c);
    expect(d?.theta).toBeCloseTo(1.0214285714285714, 13);
    expect(d?.difference).toBeCloseTo(8.416666666666668, 12);
    expect(d?.low).toBeCloseTo(4.115130461864099, 8);
    expect(d?.high).toBeCloseTo(12.718202871469238, 8);
    expect(d?.pValue).toBeCloseTo(0.005202474488952521, 9);
  });

  it('is plain Welch when the pre-period does not vary', () => {
    const t = moments([3, 5, 7, 9], [1, 1, 1, 1]);
    const c = moments([1, 2, 3], [1, 1, 1]);
    const d = cuped(t, c);
    expect(d?.theta).toBe(0);
    expect(d?.low).toBeCloseTo(compareMeans(t, c)?.low as number, 12);
  });
});
