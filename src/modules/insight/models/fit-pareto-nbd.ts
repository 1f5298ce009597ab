import { fitMaximumLikelihood } from '../math/fit-maximum-likelihood.ts';
import { describeFit, type FitDiagnostics } from './fit-diagnostics.ts';
import { type ParetoNbdParams, paretoNbdLogLikelihood } from './pareto-nbd.ts';
import { compressRfmData, type RfmData } from './rfm-data.ts';

export type ParetoNbdFit = { params: ParetoNbdParams; diagnostics: FitDiagnostics };

const MEANINGS: Record<string, Record<'lower' | 'upper', string>> = {
  r: {
    lower: 'purchase rates extremely dispersed',
    upper: 'purchase rates nearly identical across customers',
  },
  alpha: {
    lower: 'purchase rates extremely high',
    upper: 'purchase rates nearly identical across customers',
  },
  s: {
    lower: 'no evidence of dropout in the window',
    upper: 'dropout rates nearly identical across customers',
  },
  beta: { lower: 'dropout rates extremely high', upper: 'no evidence of dropout in the window' },
};

/**
 * Maximum-likelihood Pareto/NBD, the benchmark model BG/NBD was built to approximate. Its
 * likelihood is flat along β (a ridge), so compare fits by log-likelihood, not by β.
 */
export function fitParetoNbd(data: RfmData, opts: { start?: ParetoNbdParams } = {}): ParetoNbdFit {
  const d = compressRfmData(data);
  const customers = d.weight.reduce((s, w) => s + w, 0);
  const start = opts.start ?? { r: 1, alpha: 1, s: 1, beta: 1 };
  const names = ['r', 'alpha', 's', 'beta'];
  const mle = fitMaximumLikelihood(
    ([r, alpha, s, beta]) =>
      paretoNbdLogLikelihood(
        { r: r as number, alpha: alpha as number, s: s as number, beta: beta as number },
        d,
      ),
    [start.r, start.alpha, start.s, start.beta],
    { lower: 1e-6, upper: 1e6 },
  );
  const [r, alpha, s, beta] = mle.params as [number, number, number, number];
  return {
    params: { r, alpha, s, beta },
    diagnostics: describeFit(mle, names, customers, (p, side) => MEANINGS[p]?.[side] ?? 'at bound'),
  };
}
