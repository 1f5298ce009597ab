// Generated data with known parameters: every fit finishes within its evaluation budget, says so
// when it runs out, never returns NaN or Infinity, and recovers the parameters where identifiable.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../math/statistics.ts';
import { fitBgNbd } from './fit-bg-nbd.ts';
import { fitGammaGamma } from './fit-gamma-gamma.ts';
import { fitParetoNbd } from './fit-pareto-nbd.ts';
import { conditionalExpectedPurchases, probabilityAlive } from './purchase-model.ts';
import { type RfmData, toRfmData } from './rfm-data.ts';

type Row = { x: number; tx: number; T: number };

const exponential = (rand: () => number, rate: number) => -Math.log(1 - rand()) / rate;
const gamma = (rand: () => number, shape: number, rate: number): number => {
  if (shape < 1) return gamma(rand, shape + 1, rate) * rand() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const n = Math.sqrt(-2 * Math.log(rand() || 1e-300)) * Math.cos(2 * Math.PI * rand());
    const v = (1 + c * n) ** 3;
    if (v > 0 && Math.log(rand()) < 0.5 * n * n + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
};

/** Pareto/NBD customers (μ = 0: nobody drops out) observed for T weeks each. */
function generate(
  n: number,
  p: { r: number; alpha: number; s?: number; beta?: number },
  T: () => number,
  seed: number,
) {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, (): Row => {
    const lambda = gamma(rand, p.r, p.alpha);
    const mu = p.s ? gamma(rand, p.s, p.beta as number) : 0;
    const end = T();
    const life = mu > 0 ? exponential(rand, mu) : Number.POSITIVE_INFINITY;
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += exponential(rand, lambda);
      if (t > end || t > life) break;
      x++;
      tx = t;
    }
    return { x, tx, T: end };
  });
}

const finite = (v: unknown) =>
  !JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? 'BAD' : x)).includes('BAD');

function checkAll(data: RfmData) {
  const bg = fitBgNbd(data);
  const pnbd = fitParetoNbd(data, { maxEvaluations: 600 });
  for (const f of [bg.diagnostics, pnbd.diagnostics]) {
    expect(f.evaluations).toBeLessThanOrEqual(f.budget.maxEvaluations + 50);
    if (f.budget.exhausted) expect(f.converged).toBe(false);
  }
  expect(finite(bg)).toBe(true);
  expect(finite(pnbd.params)).toBe(true);
  for (let i = 0; i < Math.min(50, data.x.length); i++) {
    const [x, tx, T] = [data.x[i] as number, data.tx[i] as number, data.T[i] as number];
    const alive = probabilityAlive(bg.model, x, tx, T);
    const e = conditionalExpectedPurchases(bg.model, 52, x, tx, T);
    expect(alive >= 0 && alive <= 1 && Number.isFinite(e) && e >= 0).toBe(true);
  }
  return { bg, pnbd };
}

describe('fits on generated data', () => {
  it('no dropout: both models find the NBD limit and recover r, α', () => {
    const rows = generate(3000, { r: 0.8, alpha: 6 }, () => 52, 1);
    const { bg, pnbd } = checkAll(toRfmData(rows));
    expect(bg.model.kind).toBe('nbd');
    expect(pnbd.model.kind).toBe('nbd');
    expect(pnbd.diagnostics.limitingModel?.name).toBe('nbd');
    expect(fitParetoNbd(toRfmData(rows), { near: bg.bgNbd }).model.kind).toBe('nbd');
    const nbd = bg.model.params as { r: number; alpha: number };
    expect(nbd.r).toBeGreaterThan(0.6);
    expect(nbd.r).toBeLessThan(1);
    expect(nbd.r / nbd.alpha).toBeCloseTo(0.8 / 6, 1);
  });

  it('with dropout: Pareto/NBD recovers r and the mean purchase rate', () => {
    const rows = generate(3000, { r: 0.6, alpha: 5, s: 0.8, beta: 10 }, () => 78, 2);
    const { pnbd } = checkAll(toRfmData(rows));
    expect(pnbd.model.kind).toBe('pareto-nbd');
    expect(Math.abs(pnbd.params.r - 0.6)).toBeLessThan(0.15);
    expect(pnbd.params.r / pnbd.params.alpha).toBeCloseTo(0.12, 1);
    // A scoring run starts the comparison from BG/NBD and skips Nelder–Mead: same optimum.
    const near = fitParetoNbd(toRfmData(rows), { near: fitBgNbd(toRfmData(rows)).bgNbd });
    expect(Math.abs(near.diagnostics.logLikelihood - pnbd.diagnostics.logLikelihood)).toBeLessThan(0.01);
  });

  // Slow machines: these fits are bounded by evaluation counts, not by time; the timeout is generous.
  const SLOW = 300_000;
  it(
    'all customers dead early',
    () => {
      checkAll(toRfmData(generate(500, { r: 2, alpha: 1, s: 50, beta: 10 }, () => 100, 3)));
    },
    SLOW,
  );
  it(
    'one purchase each',
    () => {
      checkAll(toRfmData(Array.from({ length: 500 }, (_, i) => ({ x: 0, tx: 0, T: 1 + (i % 40) }))));
    },
    SLOW,
  );
  it(
    'a single customer',
    () => {
      checkAll(toRfmData([{ x: 3, tx: 10, T: 20 }]));
    },
    SLOW,
  );
  it(
    'all in one day',
    () => {
      checkAll(toRfmData(Array.from({ length: 300 }, () => ({ x: 0, tx: 0, T: 0 }))));
    },
    SLOW,
  );
  it(
    '10 years of history',
    () => {
      checkAll(toRfmData(generate(500, { r: 0.5, alpha: 2, s: 0.5, beta: 50 }, () => 520, 4)));
    },
    SLOW,
  );

  it('huge spenders and too few spenders', () => {
    const rand = seededRandom(9);
    const x = Float64Array.from({ length: 1000 }, () => 1 + Math.floor(rand() * 5));
    const zbar = Float64Array.from(x, () => 1e9 * (1 + rand()));
    const fit = fitGammaGamma({ x, zbar });
    expect(finite(fit.diagnostics)).toBe(true);
    const none = fitGammaGamma({ x: new Float64Array(3).fill(2), zbar: new Float64Array(3).fill(0) });
    expect(none.diagnostics.insufficientData).toMatch(/Only 0 customers/);
    expect(none.diagnostics.converged).toBe(false);
  });
});
