import { evaluateHoldout, type HoldoutCustomer, type HoldoutEvaluation } from '../models/evaluate-holdout.ts';
import { type BgNbdFit, fitBgNbd } from '../models/fit-bg-nbd.ts';
import { fitGammaGamma, type GammaGammaFit } from '../models/fit-gamma-gamma.ts';
import { fitParetoNbd, type ParetoNbdFit } from '../models/fit-pareto-nbd.ts';
import { paretoNbdConditionalExpectedPurchases } from '../models/pareto-nbd.ts';
import {
  conditionalExpectedPurchases,
  type PurchaseModel,
  probabilityOfPurchases,
} from '../models/purchase-model.ts';
import { toRfmData } from '../models/rfm-data.ts';
import type { CustomerData } from './customer-data.ts';

export type PurchaseModels = {
  purchase: BgNbdFit;
  spend: GammaGammaFit;
  /** Fit on the calibration period and checked on the holdout: the CDNOW-style tables on own data. */
  holdout: {
    calibrationFit: BgNbdFit;
    evaluation: HoldoutEvaluation;
    paretoNbd: ParetoNbdFit | null;
    paretoEvaluation: HoldoutEvaluation | null;
  } | null;
  sampled: { purchase: number; of: number };
};

// Deterministic sample: every k-th buyer, so a rerun on the same data fits the same rows.
function sampleIndices(candidates: number[], max: number): number[] {
  if (candidates.length <= max) return candidates;
  const step = candidates.length / max;
  return Array.from({ length: max }, (_, k) => candidates[Math.floor(k * step)] as number);
}

/**
 * Fits the purchase (BG/NBD, or NBD at the no-dropout boundary) and spend (Gamma-Gamma, or the
 * own-average limit) models on every buyer, or a deterministic sample of `fitSampleSize` of them
 * (the parameters are population quantities; 250k customers pin them far below any business
 * meaning). Then refits on the calibration period and scores the holdout, with a Pareto/NBD
 * comparison on a smaller sample: the validation tables of FHL 2005a on the company's own data.
 */
export function fitPurchaseModels(
  data: CustomerData,
  opts: { fitSampleSize: number; paretoSampleSize: number; holdoutWeeks: number },
): PurchaseModels | null {
  const buyers: number[] = [];
  for (let i = 0; i < data.size; i++) if (!Number.isNaN(data.x[i] as number)) buyers.push(i);
  if (buyers.length < 20) return null;
  const fitIdx = sampleIndices(buyers, opts.fitSampleSize);
  const rfm = (idx: number[], x: Float64Array, tx: Float64Array, T: Float64Array) =>
    toRfmData(idx.map((i) => ({ x: x[i] as number, tx: tx[i] as number, T: T[i] as number })));
  const purchase = fitBgNbd(rfm(fitIdx, data.x, data.tx, data.T));
  const spend = fitGammaGamma({
    x: Float64Array.from(fitIdx, (i) => data.spendX[i] as number),
    zbar: Float64Array.from(fitIdx, (i) => data.zbar[i] as number),
  });

  const calIdx = fitIdx.filter(
    (i) => !Number.isNaN(data.splitX[i] as number) && (data.splitT[i] as number) > 0,
  );
  let holdout: PurchaseModels['holdout'] = null;
  if (calIdx.length >= 20 && calIdx.some((i) => (data.splitX[i] as number) > 0)) {
    const calibrationFit = fitBgNbd(rfm(calIdx, data.splitX, data.splitTx, data.splitT));
    const customers: HoldoutCustomer[] = calIdx.map((i) => ({
      x: data.splitX[i] as number,
      tx: data.splitTx[i] as number,
      T: data.splitT[i] as number,
      xStar: data.holdout[i] as number,
    }));
    const m = calibrationFit.model;
    const evaluation = evaluateHoldout(
      customers,
      {
        conditional: (t, x, tx, T) => conditionalExpectedPurchases(m, t, x, tx, T),
        probabilityOfPurchases: (t, n) => probabilityOfPurchases(m, t, n),
        parameters: m.kind === 'bg-nbd' ? 4 : 2,
      },
      opts.holdoutWeeks,
    );
    // The comparison starts from the calibration BG/NBD fit (BFGS alone, no Nelder–Mead search) and
    // is bounded by its evaluation budget, and in wall time by five times what the BG/NBD fits took
    // (5 s at least, so a loaded machine does not cut a normal fit short): a slow Pareto/NBD
    // likelihood can never hold the run up, and a fit cut short says so in its budget.
    const bgNbdMs = purchase.diagnostics.budget.wallTimeMs + calibrationFit.diagnostics.budget.wallTimeMs;
    let paretoNbd: ParetoNbdFit | null = null;
    let paretoEvaluation: HoldoutEvaluation | null = null;
    if (opts.paretoSampleSize > 0) {
      const position = new Map(calIdx.map((i, k) => [i, k]));
      const pIdx = sampleIndices(calIdx, opts.paretoSampleSize);
      paretoNbd = fitParetoNbd(rfm(pIdx, data.splitX, data.splitTx, data.splitT), {
        near: calibrationFit.bgNbd,
        maxWallTimeMs: Math.max(5_000, 5 * bgNbdMs),
      });
      const pm = paretoNbd.model;
      const nbd: PurchaseModel | null = pm.kind === 'nbd' ? pm : null;
      const pParams = paretoNbd.params;
      paretoEvaluation = evaluateHoldout(
        pIdx.map((i) => customers[position.get(i) as number] as HoldoutCustomer),
        nbd
          ? {
              conditional: (t, x, tx, T) => conditionalExpectedPurchases(nbd, t, x, tx, T),
              probabilityOfPurchases: (t, n) => probabilityOfPurchases(nbd, t, n),
              parameters: 2,
            }
          : {
              conditional: (t, x, tx, T) => paretoNbdConditionalExpectedPurchases(pParams, t, x, tx, T),
              parameters: 4,
            },
        opts.holdoutWeeks,
      );
    }
    holdout = { calibrationFit, evaluation, paretoNbd, paretoEvaluation };
  }
  return { purchase, spend, holdout, sampled: { purchase: fitIdx.length, of: buyers.length } };
}
