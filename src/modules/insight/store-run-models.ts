import type { Ctx } from '../../kernel/context.ts';
import type { CohortMatrix } from './cohorts/build-cohort-matrix.ts';
import type { InsightSettings } from './get-settings.ts';
import type { PurchaseModels } from './scoring/fit-purchase-models.ts';
import type { ChurnModel } from './scoring/train-churn-model.ts';

/** Stores a run's fitted models and diagnostics, one row per kind, as JSON for /insight/models. */
export async function storeRunModels(
  ctx: Pick<Ctx, 'db'>,
  runId: string,
  r: {
    models: PurchaseModels | null;
    churn: ChurnModel | { skipped: string };
    cohorts: CohortMatrix;
    settings: InsightSettings;
    customers: number;
    buyers: number;
  },
): Promise<void> {
  const rows: { kind: string; params: unknown; diagnostics: unknown }[] = [];
  const m = r.models;
  if (m) {
    rows.push({
      kind: 'purchase',
      params: { model: m.purchase.model, bgNbd: m.purchase.bgNbd, timeUnit: 'week' },
      diagnostics: { ...m.purchase.diagnostics, sampled: m.sampled },
    });
    rows.push({
      kind: 'spend',
      params: { model: m.spend.model, unit: `${r.settings.currency} minor units` },
      diagnostics: m.spend.diagnostics,
    });
    if (m.holdout) {
      rows.push({
        kind: 'holdout',
        params: {
          calibration: m.holdout.calibrationFit.model,
          paretoNbd: m.holdout.paretoNbd?.params ?? null,
          holdoutWeeks: r.settings.holdoutWeeks,
        },
        diagnostics: {
          bgNbd: { fit: m.holdout.calibrationFit.diagnostics, evaluation: m.holdout.evaluation },
          paretoNbd: m.holdout.paretoNbd
            ? { fit: m.holdout.paretoNbd.diagnostics, evaluation: m.holdout.paretoEvaluation }
            : null,
        },
      });
    }
  }
  if ('classifier' in r.churn) {
    const c = r.churn.classifier;
    rows.push({
      kind: 'churn',
      params: {
        outcome: r.churn.outcome,
        horizonDays: r.churn.horizonDays,
        calibration: c.calibration,
        intercept: c.model.intercept,
      },
      diagnostics: { ...c.diagnostics, effects: c.effects },
    });
  } else {
    rows.push({ kind: 'churn', params: { skipped: true }, diagnostics: { reason: r.churn.skipped } });
  }
  rows.push({ kind: 'cohorts', params: { currency: r.settings.currency }, diagnostics: r.cohorts });
  rows.push({
    kind: 'run',
    params: { settings: r.settings },
    diagnostics: { customers: r.customers, buyers: r.buyers },
  });
  await ctx.db
    .insertInto('insight_model')
    .values(
      rows.map((row) => ({
        run_id: runId,
        kind: row.kind,
        params: JSON.stringify(row.params),
        diagnostics: JSON.stringify(row.diagnostics),
      })),
    )
    .execute();
}
