// Validation against the published CDNOW results (docs/reference-results.md §1–3). Each
// expectation names its source: [P] paper, [D] package docs, [T] package tests, [R] scipy recomputation.
import { beforeAll, describe, expect, it } from 'vitest';
import { readDataSet } from '../../../data-sets.ts';
import { pearson } from '../math/statistics.ts';
import { type CdnowCustomer, summarizeCdnow } from '../testing/load-cdnow.ts';
import {
  bgNbdProbabilityAlive as aliveBg,
  bgNbdCustomerLogLikelihood,
  bgNbdExpectedPurchases,
  bgNbdProbabilityOfPurchases,
  bgNbdConditionalExpectedPurchases as condBg,
} from './bg-nbd.ts';
import { evaluateHoldout, expectedCumulativePurchases } from './evaluate-holdout.ts';
import { type BgNbdFit, fitBgNbd } from './fit-bg-nbd.ts';
import { fitGammaGamma, type GammaGammaFit } from './fit-gamma-gamma.ts';
import { fitParetoNbd, type ParetoNbdFit } from './fit-pareto-nbd.ts';
import { gammaGammaExpectedSpend } from './gamma-gamma.ts';
import { paretoNbdConditionalExpectedPurchases, paretoNbdExpectedPurchases } from './pareto-nbd.ts';
import { toRfmData } from './rfm-data.ts';

const PUBLISHED = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const BTYD = { r: 0.2425982, alpha: 4.4136842, a: 0.7929899, b: 2.4261667 };
const C1 = { x: 2, tx: 30.428571428571427, T: 38.857142857142854 };
// Several [R] figures were computed on the 2-dp summary (t_x = 30.43, T = 38.86); those use it too.
const T2 = 38.86;

let customers: CdnowCustomer[];
let bg: BgNbdFit;
let pnbd: ParetoNbdFit;
let gg: GammaGammaFit;
beforeAll(() => {
  customers = summarizeCdnow();
  const data = toRfmData(customers);
  bg = fitBgNbd(data);
  pnbd = fitParetoNbd(data);
  gg = fitGammaGamma({
    x: Float64Array.from(customers, (c) => c.x),
    zbar: Float64Array.from(customers, (c) => c.zbar),
  });
});

describe('CDNOW summary from the transactions', () => {
  it('matches the published totals and BTYD’s summary row by row', () => {
    expect(customers).toHaveLength(2357);
    expect(customers.reduce((s, c) => s + c.x, 0)).toBe(2457);
    expect(customers.reduce((s, c) => s + c.xStar, 0)).toBe(1882);
    expect(customers.filter((c) => c.x === 0)).toHaveLength(1411);
    const cbs = readDataSet('cdnow/btyd_cdnowSummary_cbs.csv').trim().split('\n').slice(1);
    cbs.forEach((line, i) => {
      const [, x, tx, T, xStar, mx] = line.split(',').map(Number);
      const c = customers[i] as CdnowCustomer;
      expect([c.x, c.tx, c.T, c.xStar]).toEqual([
        x,
        expect.closeTo(tx as number, 9),
        expect.closeTo(T as number, 9),
        xStar,
      ]);
      expect(c.zbar).toBeCloseTo(mx as number, 9);
    });
  });
});

describe('BG/NBD on CDNOW (FHL 2005a)', () => {
  it('fits r, α, a, b within 0.01 of the paper and LL within 0.01 of −9582.43 [P]', () => {
    expect(bg.model.kind).toBe('bg-nbd');
    expect(bg.diagnostics.converged).toBe(true);
    expect(bg.diagnostics.limitingModel).toBeNull();
    const { r, alpha, a, b } = bg.bgNbd;
    expect(Math.abs(r - 0.243)).toBeLessThan(0.01);
    expect(Math.abs(alpha - 4.414)).toBeLessThan(0.01);
    expect(Math.abs(a - 0.793)).toBeLessThan(0.01);
    expect(Math.abs(b - 2.426)).toBeLessThan(0.01);
    // [D] BTYD −9582.429 on the exact summary; the [R] −9582.4256 used the 2-dp rounded summary.
    expect(Math.abs(bg.diagnostics.logLikelihood - -9582.43)).toBeLessThan(0.01);
    // Standard errors as lifetimes prints them [D]: 0.012557, 0.378221, 0.185719, 0.705345.
    expect(bg.diagnostics.standardErrors.r).toBeCloseTo(0.012557, 4);
    expect(bg.diagnostics.standardErrors.b).toBeCloseTo(0.705345, 2);
  });

  it('reproduces individual log-likelihoods [R] and the stable logp of pymc-marketing [T]', () => {
    expect(bgNbdCustomerLogLikelihood(PUBLISHED, 2, 30.43, T2)).toBeCloseTo(-9.4586, 4);
    expect(bgNbdCustomerLogLikelihood(PUBLISHED, 0, 0, T2)).toBeCloseTo(-0.5547, 4);
    const pymc = { a: 0.8, b: 2.5, r: 0.25, alpha: 4 };
    expect(bgNbdCustomerLogLikelihood(pymc, 0, 0, 40)).toBeCloseTo(-0.59947382, 5);
    expect(bgNbdCustomerLogLikelihood(pymc, 200, 38, 40)).toBeCloseTo(100.7957, 4);
  });

  it('gives the unconditional expectations E[X(t)] at the MLE [T, D, R]', () => {
    const table: [number, number][] = [
      [0.1429, 0.0078],
      [1, 0.0532],
      [3, 0.1506],
      [31.8571, 1.0405],
      [32, 1.0437],
      [52, 1.444],
      [78, 1.858],
    ];
    for (const [t, v] of table)
      expect(Math.abs(bgNbdExpectedPurchases(bg.bgNbd, t) - v)).toBeLessThan(0.0005);
    expect(bgNbdExpectedPurchases(BTYD, 52)).toBeCloseTo(1.444004, 5);
  });

  it('gives the worked example: customer 1 E[Y(39)] = 1.226, P(alive) = 0.7266', () => {
    expect(Math.abs(condBg(bg.bgNbd, 39, C1.x, C1.tx, C1.T) - 1.226)).toBeLessThan(0.001);
    expect(aliveBg(bg.bgNbd, C1.x, C1.tx, C1.T)).toBeCloseTo(0.7266, 4);
    expect(condBg(PUBLISHED, 39, 2, 30.43, T2)).toBeCloseTo(1.22603, 5);
    expect(aliveBg(PUBLISHED, 2, 30.43, T2)).toBeCloseTo(0.72658, 5);
    expect(aliveBg(PUBLISHED, 1, 1.71, T2)).toBeCloseTo(0.2121, 4);
    expect(aliveBg(PUBLISHED, 7, 29.43, T2)).toBeCloseTo(0.6418, 4);
    expect(condBg(PUBLISHED, 39, 7, 29.43, T2)).toBeCloseTo(3.3371, 4);
  });

  it('matches the BTYD walkthrough: customer 1516 and the increasing-frequency paradox [D]', () => {
    expect(condBg(BTYD, 52, 26, 30.85714, 31)).toBeCloseTo(25.75659, 3);
    expect(aliveBg(BTYD, 26, 30.85714, 31)).toBeCloseTo(0.9688523, 6);
    const paradox = [0.3474606, 0.04283391, 0.004158973, 0.0003583685];
    [10, 15, 20, 25].forEach((x, i) => {
      expect(condBg(BTYD, 52, x, 20, 39) / (paradox[i] as number)).toBeCloseTo(1, 4);
    });
  });

  it('is exact and finite at the extremes [T]', () => {
    expect(aliveBg(PUBLISHED, 1000, 10, 100)).toBe(0);
    expect(aliveBg(PUBLISHED, 0, 0, 100)).toBe(1);
    for (const [x, tx, T] of [
      [1000, 10, 100],
      [100000, 38, 39],
      [5000, 39, 39],
      [0, 0, 1e-9],
    ] as const) {
      const e = condBg(PUBLISHED, 39, x, tx, T);
      expect(Number.isFinite(e) && e >= 0).toBe(true);
    }
    expect(condBg(PUBLISHED, 39, 5000, 39, 39)).toBeGreaterThan(1000);
  });

  it('gives the PMF of lifetimes/BTYD [T] and the mean P(alive) [R]', () => {
    expect(bgNbdProbabilityOfPurchases(PUBLISHED, 2, 10)).toBeCloseTo(1.07869e-7, 11);
    expect(bgNbdProbabilityOfPurchases(PUBLISHED, 39, 0)).toBeCloseTo(0.5737864, 6);
    const p30 = [
      0.0019995214, 0.0015170236, 0.001163315, 0.0009003148, 0.0007023638, 0.0005517902, 0.0004361913,
      0.0003467171, 0.0002769613, 0.000222226,
    ];
    p30.forEach((v, i) => {
      expect(bgNbdProbabilityOfPurchases(PUBLISHED, 30, 11 + i)).toBeCloseTo(v, 9);
    });
    const meanAlive = customers.reduce((s, c) => s + aliveBg(bg.bgNbd, c.x, c.tx, c.T), 0) / customers.length;
    expect(meanAlive).toBeCloseTo(0.8134, 4);
  });

  it('reproduces the holdout table by calibration frequency, χ² and correlations [D, P]', () => {
    const h = evaluateHoldout(
      customers,
      {
        conditional: (t, x, tx, T) => condBg(bg.bgNbd, t, x, tx, T),
        probabilityOfPurchases: (t, n) => bgNbdProbabilityOfPurchases(bg.bgNbd, t, n),
        parameters: 4,
      },
      39,
    );
    expect(h.byFrequency.map((b) => b.customers)).toEqual([1411, 439, 214, 100, 62, 38, 29, 64]);
    const actual = [0.2367, 0.697, 1.3925, 1.56, 2.5323, 2.9474, 3.8621, 6.3594];
    const expected = [0.2251, 0.5231, 1.0441, 1.5203, 2.1638, 2.6538, 3.504, 6.157];
    h.byFrequency.forEach((b, i) => {
      expect(b.actualMean).toBeCloseTo(actual[i] as number, 4);
      expect(Math.abs(b.expectedMean - (expected[i] as number))).toBeLessThan(0.0005);
    });
    expect(h.totals.actual).toBe(1882);
    expect(Math.abs(h.totals.expected - 1654)).toBeLessThan(1);
    expect(h.calibrationChiSquare?.statistic).toBeCloseTo(4.82, 2);
    expect(h.calibrationChiSquare?.pValue).toBeCloseTo(0.185, 2);
    expect(h.correlation).toBeCloseTo(0.626, 3);
  });

  it('tracks cumulative repeat purchases: weeks 20–25 [D] and −4.0% at week 78 [P]', () => {
    const firsts = customers.map((c) => c.first);
    const cum = (w: number) =>
      expectedCumulativePurchases(firsts, (t) => bgNbdExpectedPurchases(bg.bgNbd, t), w);
    const btyd = [1312.458, 1387.346, 1460.392, 1531.713, 1601.418, 1669.6];
    btyd.forEach((v, i) => {
      expect(Math.abs(cum(20 + i) - v)).toBeLessThan(0.01);
    });
    expect((cum(78) - 4339) / 4339).toBeCloseTo(-0.04, 3);
  });
});

describe('Pareto/NBD on CDNOW', () => {
  it('reaches LL within 0.01 of −9594.97 and the published r, α, s [P, D]', () => {
    expect(Math.abs(pnbd.diagnostics.logLikelihood - -9594.976)).toBeLessThan(0.01);
    expect(pnbd.params.r).toBeCloseTo(0.553, 2);
    expect(pnbd.params.s).toBeCloseTo(0.606, 2);
    expect(Math.abs(pnbd.params.alpha - 10.578)).toBeLessThan(0.05);
  });

  it('reaches the same optimum from the BG/NBD fit with BFGS alone, in fewer evaluations', () => {
    const near = fitParetoNbd(toRfmData(customers), { near: bg.bgNbd });
    expect(Math.abs(near.diagnostics.logLikelihood - -9594.976)).toBeLessThan(0.01);
    expect(near.params.r).toBeCloseTo(0.553, 2);
    expect(near.params.s).toBeCloseTo(0.606, 2);
    expect(near.diagnostics.converged).toBe(true);
    expect(near.diagnostics.evaluations).toBeLessThan(pnbd.diagnostics.evaluations);
  });

  it('reproduces its holdout row, correlations and tracking curve [D, T, P]', () => {
    const cond = (t: number, x: number, tx: number, T: number) =>
      paretoNbdConditionalExpectedPurchases(pnbd.params, t, x, tx, T);
    const h = evaluateHoldout(customers, { conditional: cond, parameters: 4 }, 39);
    const expected = [0.138, 0.6, 1.196, 1.714, 2.399, 2.907, 3.819, 6.403];
    h.byFrequency.forEach((b, i) => {
      expect(Math.abs(b.expectedMean - (expected[i] as number))).toBeLessThan(0.001);
    });
    expect(h.correlation).toBeCloseTo(0.63, 3);
    expect(Math.abs(h.totals.expected - 1666)).toBeLessThan(1);
    const bgE = customers.map((c) => condBg(bg.bgNbd, 39, c.x, c.tx, c.T));
    const pE = customers.map((c) => cond(39, c.x, c.tx, c.T));
    expect(pearson(bgE, pE)).toBeCloseTo(0.996, 3);

    const firsts = customers.map((c) => c.first);
    const cum = (w: number) =>
      expectedCumulativePurchases(firsts, (t) => paretoNbdExpectedPurchases(pnbd.params, t), w);
    const btyd = [1308.856, 1385.275, 1459.923, 1532.906, 1604.32, 1674.253];
    const increments = [78.308, 76.419, 74.648, 72.983, 71.414, 69.933];
    btyd.forEach((v, i) => {
      // lifetimes asserts these exactly after rounding, and the increments to 1e-2 [T].
      expect(Math.round(cum(20 + i))).toBe(Math.round(v));
      expect(Math.abs(cum(20 + i) - cum(19 + i) - (increments[i] as number))).toBeLessThan(0.01);
    });
    // "Pareto/NBD under-forecasts by about 2%" [P]; ours −1.5% (the reference's [R] −1.6% is discussed in docs/insight.md).
    const error = (cum(78) - 4339) / 4339;
    expect(error).toBeGreaterThan(-0.02);
    expect(error).toBeLessThan(-0.01);
  });
});

describe('Gamma-Gamma on CDNOW (FHL 2005b, Hardie note 025)', () => {
  it('fits p, q, γ within 0.01 of 6.25 / 3.74 / 15.44 [P]', () => {
    expect(gg.model.kind).toBe('gamma-gamma');
    expect(gg.diagnostics.customers).toBe(946);
    const { p, q, gamma } = gg.model.params;
    expect(Math.abs(p - 6.25)).toBeLessThan(0.01);
    expect(Math.abs(q - 3.74)).toBeLessThan(0.01);
    expect(Math.abs(gamma - 15.44)).toBeLessThan(0.01);
    expect(gg.diagnostics.frequencySpendCorrelation).toBeCloseTo(0.113884, 3);
  });

  it('gives the per-customer expected spends of customers 1–10 [T] and their mean [D]', () => {
    const lifetimes = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    customers.slice(0, 10).forEach((c, i) => {
      expect(
        Math.abs(gammaGammaExpectedSpend(gg.model.params, c.x, c.zbar) - (lifetimes[i] as number)),
      ).toBeLessThan(0.1);
    });
    const mean =
      customers.reduce((s, c) => s + gammaGammaExpectedSpend(gg.model.params, c.x, c.zbar), 0) /
      customers.length;
    expect(mean).toBeCloseTo(35.2529588, 2);
    expect(gammaGammaExpectedSpend({ p: 6.25, q: 3.74, gamma: 15.44 }, 2, 40)).toBeCloseTo(39.14, 2);
    expect(gammaGammaExpectedSpend({ p: 6.25, q: 3.74, gamma: 15.44 }, 0, 0)).toBeCloseTo(35.219, 3);
  });

  it('matches the [R]/[D] figures to 6 digits on the published 2-dp summary', () => {
    // lifetimes' summary rounds zbar, t_x and T to cents/2 dp; the [R] and Quickstart numbers use it.
    const rows = readDataSet('cdnow/cdnow_customers_summary_with_transactions.csv')
      .trim()
      .split('\n')
      .slice(1);
    const parsed = rows.map((l) => l.split(',').map(Number));
    const fit = fitGammaGamma({
      x: Float64Array.from(parsed, (r) => r[1] as number),
      zbar: Float64Array.from(parsed, (r) => r[4] as number),
    });
    expect(fit.model.params.p).toBeCloseTo(6.248803, 4);
    expect(fit.model.params.q).toBeCloseTo(3.744588, 4);
    expect(fit.model.params.gamma).toBeCloseTo(15.447746, 3);
    expect(fit.diagnostics.logLikelihood).toBeCloseTo(-4055.9232, 3);
    const quickstart = [
      24.658619, 18.911489, 35.170981, 35.170981, 35.170981, 71.462843, 18.911489, 35.170981, 27.282408,
      35.170981,
    ];
    parsed.slice(0, 10).forEach((r, i) => {
      expect(gammaGammaExpectedSpend(fit.model.params, r[1] as number, r[4] as number)).toBeCloseTo(
        quickstart[i] as number,
        3,
      );
    });
    const bgRounded = fitBgNbd(
      toRfmData(parsed.map(([, x, tx, T]) => ({ x: x as number, tx: tx as number, T: T as number }))),
    );
    expect(bgRounded.bgNbd.r).toBeCloseTo(0.2425929, 5);
    expect(bgRounded.bgNbd.b).toBeCloseTo(2.4257537, 3);
    expect(bgRounded.diagnostics.logLikelihood).toBeCloseTo(-9582.4256, 3);
  });
});
