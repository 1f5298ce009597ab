// Real data is not always kind: fits that run to a parameter boundary must be detected, reported
// and handled by the limiting model, never turned silently into absurd numbers.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../math/statistics.ts';
import { fitBgNbd } from './fit-bg-nbd.ts';
import { fitGammaGamma } from './fit-gamma-gamma.ts';
import { conditionalExpectedPurchases, probabilityAlive } from './purchase-model.ts';
import { toRfmData } from './rfm-data.ts';
import { expectedSpend } from './spend-model.ts';

const gammaSample = (rand: () => number, shape: number, scale: number): number => {
  // Marsaglia–Tsang, with the shape < 1 boost.
  if (shape < 1) return gammaSample(rand, shape + 1, scale) * rand() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      const u1 = rand();
      const u2 = rand();
      x = Math.sqrt(-2 * Math.log(u1 || 1e-300)) * Math.cos(2 * Math.PI * u2);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rand();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
  }
};

describe('limiting models', () => {
  it('detects "no evidence of dropout" and scores with NBD instead of a degenerate BG/NBD', () => {
    const rand = seededRandom(11);
    // Everyone keeps buying at a steady rhythm right up to the end of the window.
    const rows = Array.from({ length: 2000 }, () => {
      const T = 20 + rand() * 30;
      const gap = 0.5 + rand() * 4;
      const x = Math.floor(T / gap);
      return { x, tx: x * gap, T };
    });
    const fit = fitBgNbd(toRfmData(rows));
    expect(fit.model.kind).toBe('nbd');
    expect(fit.diagnostics.boundaries.map((b) => b.meaning)).toContain(
      'no evidence of dropout in the window',
    );
    expect(fit.diagnostics.limitingModel?.name).toBe('nbd');
    expect(probabilityAlive(fit.model, 5, 1, 50)).toBe(1);
    const e = conditionalExpectedPurchases(fit.model, 52, 10, 40, 41);
    expect(Number.isFinite(e) && e > 5 && e < 30).toBe(true);
  });

  it('detects heavy-tailed spend (a few wholesalers) and values customers by their own average', () => {
    const rand = seededRandom(5);
    const n = 3000;
    const x = new Float64Array(n);
    const zbar = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = 1 + Math.floor(rand() * 5);
      // Customer scale ν ~ Gamma(q = 0.6): the population mean spend is infinite.
      const nu = gammaSample(rand, 0.6, 1 / 20);
      let sum = 0;
      for (let k = 0; k < (x[i] as number); k++) sum += gammaSample(rand, 4, 1 / nu);
      zbar[i] = sum / (x[i] as number);
    }
    const fit = fitGammaGamma({ x, zbar });
    expect(fit.model.params.q).toBeLessThan(1);
    expect(fit.model.kind).toBe('own-average');
    expect(fit.diagnostics.limitingModel?.name).toBe('own-average');
    expect(expectedSpend(fit.model, 3, 42)).toBe(42);
    const newcomer = expectedSpend(fit.model, 0, 0);
    expect(Number.isFinite(newcomer) && newcomer > 0).toBe(true);
  });

  it('keeps a well-behaved data set on the full models', () => {
    const rand = seededRandom(2);
    const x = Float64Array.from({ length: 2000 }, () => 1 + Math.floor(rand() * 4));
    const zbar = Float64Array.from(x, (xi) => {
      const nu = gammaSample(rand, 4, 1 / 60);
      let s = 0;
      for (let k = 0; k < xi; k++) s += gammaSample(rand, 5, 1 / nu);
      return s / xi;
    });
    const fit = fitGammaGamma({ x, zbar });
    expect(fit.model.kind).toBe('gamma-gamma');
    expect(fit.model.params.q).toBeGreaterThan(2);
  });
});
