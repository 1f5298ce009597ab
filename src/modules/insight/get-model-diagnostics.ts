import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';

export type ModelDiagnostics = {
  run: {
    id: string;
    status: string;
    through: string;
    trigger: string;
    startedAt: Date;
    finishedAt: Date | null;
    customers: number;
    timings: Record<string, number>;
    error: string | null;
  } | null;
  models: { kind: string; params: Record<string, unknown>; diagnostics: Record<string, unknown> }[];
};

/**
 * The models of the latest successful scoring run (or a given run) with their diagnostics: fit
 * statistics and boundaries, the holdout tables by calibration frequency, χ², the Pareto/NBD
 * comparison, the classifier's cross-validated AUC, calibration table and effects, the cohorts.
 */
export async function getModelDiagnostics(ctx: Pick<Ctx, 'db'>, runId?: string): Promise<ModelDiagnostics> {
  let q = ctx.db
    .selectFrom('insight_run')
    .selectAll()
    .select(sql<string>`through_date::text`.as('through'))
    .orderBy('started_at', 'desc')
    .limit(1);
  q = runId ? q.where('id', '=', runId) : q.where('status', '=', 'succeeded');
  const run = await q.executeTakeFirst();
  if (!run) return { run: null, models: [] };
  const models = await ctx.db
    .selectFrom('insight_model')
    .selectAll()
    .where('run_id', '=', run.id)
    .orderBy('kind')
    .execute();
  return {
    run: {
      id: run.id,
      status: run.status,
      through: run.through,
      trigger: run.trigger,
      startedAt: run.started_at,
      finishedAt: run.finished_at,
      customers: run.customers,
      timings: run.timings,
      error: run.error,
    },
    models: models.map((m) => ({ kind: m.kind, params: m.params, diagnostics: m.diagnostics })),
  };
}
