import { fitMaximumLikelihood } from '../math/fit-maximum-likelihood.ts';
import { logGamma } from '../math/log-gamma.ts';
import { type BgNbdParams, bgNbdLogLikelihood } from './bg-nbd.ts';
import { describeFit, type FitDiagnostics } from './fit-diagnostics.ts';
import type { PurchaseModel } from './purchase-model.ts';
import { compressRfmData, type RfmData } from './rfm-data.ts';

export type BgNbdFit = { model: PurchaseModel; bgNbd: BgNbdParams; diagnostics: FitDiagnostics };

const BOUNDS = { lower: 1e-6, upper: 1e6 };
const SUBSAMPLE_ABOVE = 20_000;

// Every k-th customer of the uncompressed data.
function subsample(d: RfmData, size: number): RfmData {
  const step = Math.max(1, Math.floor(d.x.length / size));
  const pick = (a: Float64Array) => a.filter((_, i) => i % step === 0);
  return { x: pick(d.x), tx: pick(d.tx), T: pick(d.T), weight: pick(d.weight) };
}

const MEANINGS: Record<string, Record<'lower' | 'upper', string>> = {
  r: {
    lower: 'purchase rates extremely dispersed',
    upper: 'purchase rates nearly identical across customers',
  },
  alpha: {
    lower: 'purchase rates extremely high',
    upper: 'purchase rates nearly identical across customers',
  },
  a: {
    lower: 'no evidence of dropout in the window',
    upper: 'almost every customer drops out after a purchase',
  },
  b: { lower: 'dropout probabilities extremely dispersed', upper: 'no evidence of dropout in the window' },
};

/** NBD: Poisson purchases at λ ~ Gamma(r, α) and nobody drops out; the b → ∞ limit of BG/NBD. */
export function nbdLogLikelihood(r: number, alpha: number, d: RfmData): number {
  let total = 0;
  const lgR = logGamma(r);
  for (let i = 0; i < d.x.length; i++) {
    const x = d.x[i] as number;
    total +=
      (d.weight[i] as number) *
      (logGamma(r + x) - lgR + r * Math.log(alpha) - (r + x) * Math.log(alpha + (d.T[i] as number)));
  }
  return total;
}

/**
 * Maximum-likelihood BG/NBD. When the dropout parameters run to their boundary (a → 0 or b → ∞:
 * the window shows no evidence that anyone stopped buying), BG/NBD degenerates into NBD; Tenure
 * then fits and scores with NBD, and says so in the diagnostics, rather than report P(alive)
 * from a degenerate fit.
 */
export function fitBgNbd(data: RfmData, opts: { start?: BgNbdParams } = {}): BgNbdFit {
  const d = compressRfmData(data);
  const customers = d.weight.reduce((s, w) => s + w, 0);
  let meanX = 0;
  let meanT = 0;
  for (let i = 0; i < d.x.length; i++) {
    meanX += ((d.weight[i] as number) * (d.x[i] as number)) / customers;
    meanT += ((d.weight[i] as number) * (d.T[i] as number)) / customers;
  }
  // Start at a unit-shape gamma whose mean rate matches the data's; a = b = 1 for dropout.
  let start = opts.start ?? { r: 1, alpha: Math.max(1e-3, meanT / Math.max(meanX, 1e-3)), a: 1, b: 1 };
  // Large data: find the basin on a deterministic ~10k-customer subsample (cheap), then let BFGS
  // polish on everything, which saves most of the full-data likelihood evaluations.
  const polishOnly = d.x.length > SUBSAMPLE_ABOVE && !opts.start;
  if (polishOnly) start = fitBgNbd(subsample(data, 10_000), { start }).bgNbd;
  const names = ['r', 'alpha', 'a', 'b'];
  const mle = fitMaximumLikelihood(
    ([r, alpha, a, b]) =>
      bgNbdLogLikelihood({ r: r as number, alpha: alpha as number, a: a as number, b: b as number }, d),
    [start.r, start.alpha, start.a, start.b],
    { ...BOUNDS, skipNelderMead: polishOnly },
  );
  const [r, alpha, a, b] = mle.params as [number, number, number, number];
  const bgNbd = { r, alpha, a, b };
  const diagnostics = describeFit(mle, names, customers, (p, side) => MEANINGS[p]?.[side] ?? 'at bound');
  // The dropout part is unsupported when its parameters ran to the boundary, when the mean dropout
  // probability a/(a+b) is negligible, or when it adds nothing to the likelihood over NBD
  // (likelihood-ratio statistic below 1: far from any significance level).
  const nbd = fitMaximumLikelihood(
    ([rr, aa]) => nbdLogLikelihood(rr as number, aa as number, d),
    [r, alpha],
    BOUNDS,
  );
  const runToBoundary = mle.atBound.some(
    ({ index, side }) =>
      (names[index] === 'a' && side === 'lower') || (names[index] === 'b' && side === 'upper'),
  );
  const noDropout = runToBoundary || a / (a + b) < 1e-4 || 2 * (mle.logLikelihood - nbd.logLikelihood) < 1;
  if (!noDropout) return { model: { kind: 'bg-nbd', params: bgNbd }, bgNbd, diagnostics };
  if (!runToBoundary) {
    diagnostics.boundaries.push({
      parameter: a / (a + b) < 1e-4 ? 'b' : 'a',
      side: a / (a + b) < 1e-4 ? 'upper' : 'lower',
      meaning: MEANINGS.b?.upper as string,
    });
  }
  const [nr, na] = nbd.params as [number, number];
  return {
    model: { kind: 'nbd', params: { r: nr, alpha: na } },
    bgNbd,
    diagnostics: {
      ...diagnostics,
      logLikelihood: nbd.logLikelihood,
      standardErrors: { r: nbd.standardErrors[0] ?? null, alpha: nbd.standardErrors[1] ?? null },
      limitingModel: {
        name: 'nbd',
        reason:
          'The BG/NBD dropout parameters ran to their boundary (no evidence of dropout in the window), so ' +
          `scores use the no-dropout limit NBD (r=${nr.toPrecision(4)}, α=${na.toPrecision(4)}): P(alive) = 1 for everyone.`,
      },
    },
  };
}
