import { fitMaximumLikelihood } from '../math/fit-maximum-likelihood.ts';
import { pearson } from '../math/statistics.ts';
import { describeFit, type FitDiagnostics } from './fit-diagnostics.ts';
import { gammaGammaLogLikelihood, gammaGammaPopulationMean, type SpendData } from './gamma-gamma.ts';
import type { SpendModel } from './spend-model.ts';

export type GammaGammaFit = {
  model: SpendModel;
  diagnostics: FitDiagnostics & {
    populationMean: number;
    /** Correlation of frequency and average spend: the model assumes they are independent. */
    frequencySpendCorrelation: number;
  };
};

const MEANINGS: Record<string, Record<'lower' | 'upper', string>> = {
  p: { lower: 'transaction values extremely variable', upper: 'each customer always spends the same' },
  q: { lower: 'heavy-tailed spend across customers', upper: 'all customers have the same average spend' },
  gamma: { lower: 'average spend near zero', upper: 'all customers have the same average spend' },
};

/** Fewer repeat buyers than this, and the spend model is reported but not used for CLV. */
export const MIN_CUSTOMERS = 10;

/**
 * Maximum-likelihood Gamma-Gamma on customers with at least one repeat purchase (x ≥ 1, zbar > 0;
 * the first purchase is excluded by the caller). Detects the heavy-tail boundary and switches to
 * the own-average limit rather than value customers with an absurd or infinite population mean.
 */
export function fitGammaGamma(data: SpendData): GammaGammaFit {
  const keep: number[] = [];
  for (let i = 0; i < data.x.length; i++)
    if ((data.x[i] as number) >= 1 && (data.zbar[i] as number) > 0) keep.push(i);
  const d: SpendData = {
    x: Float64Array.from(keep, (i) => data.x[i] as number),
    zbar: Float64Array.from(keep, (i) => data.zbar[i] as number),
  };
  const n = d.x.length;
  const sorted = Float64Array.from(d.zbar).sort();
  const medianSpend = n ? ((sorted[(n - 1) >> 1] as number) + (sorted[n >> 1] as number)) / 2 : 0;
  const meanSpend = n ? d.zbar.reduce((s, v) => s + v, 0) / n : 0;
  const mle = fitMaximumLikelihood(
    ([p, q, gamma]) => gammaGammaLogLikelihood({ p: p as number, q: q as number, gamma: gamma as number }, d),
    [1, 2, Math.max(meanSpend, 1e-3)],
    { lower: 1e-6, upper: 1e6 },
  );
  const [p, q, gamma] = mle.params as [number, number, number];
  const params = { p, q, gamma };
  const populationMean = gammaGammaPopulationMean(params);
  const base = describeFit(mle, ['p', 'q', 'gamma'], n, (name, side) => MEANINGS[name]?.[side] ?? 'at bound');
  const diagnostics = { ...base, populationMean, frequencySpendCorrelation: pearson(d.x, d.zbar) };
  if (n < MIN_CUSTOMERS) {
    // An optimiser "converges" on an empty likelihood too: say plainly that nothing was estimated.
    return {
      model: { kind: 'gamma-gamma', params },
      diagnostics: {
        ...diagnostics,
        converged: false,
        insufficientData:
          `Only ${n} customer${n === 1 ? '' : 's'} with a repeat purchase carrying an amount (at least ${MIN_CUSTOMERS} needed): ` +
          'the spend model is not used, so no CLV is computed. Are purchases recorded in the configured currency?',
      },
    };
  }
  const maxSpend = n ? (sorted[n - 1] as number) : 0;
  if (n > 0 && (q <= 1 || populationMean > maxSpend)) {
    return {
      model: { kind: 'own-average', params, medianSpend },
      diagnostics: {
        ...diagnostics,
        boundaries: [
          ...base.boundaries.filter((b) => b.parameter !== 'q'),
          { parameter: 'q', side: 'lower', meaning: MEANINGS.q?.lower as string },
        ],
        limitingModel: {
          name: 'own-average',
          reason:
            `q = ${q.toPrecision(4)}: the population mean spend is ${q <= 1 ? 'not finite' : `${populationMean.toPrecision(4)}, above every customer's own average`} ` +
            "(a few very large spenders dominate). Scores use each customer's own average spend, and the median " +
            `average spend (${medianSpend.toFixed(2)}) for customers without a repeat purchase.`,
        },
      },
    };
  }
  return { model: { kind: 'gamma-gamma', params }, diagnostics };
}
