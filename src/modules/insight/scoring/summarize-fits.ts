import type { FitDiagnostics } from '../models/fit-diagnostics.ts';
import type { PurchaseModels } from './fit-purchase-models.ts';

/** One fitted model of a run, as the CLI prints it: how long it took and how it ended. */
export type FitSummary = {
  model: 'purchase' | 'calibration' | 'pareto-nbd' | 'spend';
  wallTimeMs: number;
  evaluations: number;
  converged: boolean;
  /** The budget that stopped it, if one did. */
  exhausted: string | null;
  /** The limiting model scored with at a boundary (e.g. NBD), if any. */
  limitingModel: string | null;
};

const summary = (model: FitSummary['model'], d: FitDiagnostics): FitSummary => ({
  model,
  wallTimeMs: d.budget.wallTimeMs,
  evaluations: d.evaluations,
  converged: d.converged,
  exhausted: d.budget.exhausted,
  limitingModel: d.limitingModel?.name ?? null,
});

/** The run's fits in the order they ran. */
export function summarizeFits(models: PurchaseModels | null): FitSummary[] {
  if (!models) return [];
  const fits = [summary('purchase', models.purchase.diagnostics)];
  if (models.holdout) {
    fits.push(summary('calibration', models.holdout.calibrationFit.diagnostics));
    if (models.holdout.paretoNbd) fits.push(summary('pareto-nbd', models.holdout.paretoNbd.diagnostics));
  }
  fits.push(summary('spend', models.spend.diagnostics));
  return fits;
}
