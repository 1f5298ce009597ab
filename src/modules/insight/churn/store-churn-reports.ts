import type { Ctx } from '../../../kernel/context.ts';
import type { InsightSettings } from '../get-settings.ts';
import { rankChurnReasons } from '../reasons/rank-churn-reasons.ts';
import { buildSurvival, STORED_SPLITS, type SurvivalReport } from '../survival/get-survival.ts';
import { buildRetention } from './build-retention.ts';
import { churnDefinition } from './churn-definition.ts';
import { loadChurnInputs } from './load-churn-inputs.ts';

const DAY = 86_400_000;
/** The window the dashboards' "why customers leave" covers. */
export const REASONS_DAYS = 365;

export const reasonsSince = (through: string) =>
  new Date(Date.parse(`${through}T00:00:00Z`) - REASONS_DAYS * DAY).toISOString().slice(0, 10);

/**
 * Computes, once per scoring run and from one list of departures, what the churn dashboards
 * show: monthly retention and churn with the customer base's totals and cohort departures, the
 * survival curves of the usual splits, and the ranked churn reasons of the last year. Stored
 * with the run (insight_model kinds 'retention', 'survival', 'reasons'), so a dashboard reads
 * them instead of recomputing for seconds; reports for other options are computed when asked.
 */
export async function storeChurnReports(
  ctx: Pick<Ctx, 'db'>,
  runId: string,
  opts: { through: string; settings: InsightSettings },
): Promise<void> {
  const basis = opts.settings.churnDefinition;
  const definition = churnDefinition(basis);
  const subjects = await loadChurnInputs(ctx, { basis, through: opts.through });
  const throughDay = Math.round(Date.parse(`${opts.through}T00:00:00Z`) / DAY);
  const retention = buildRetention(subjects, definition, throughDay);
  const survival: Record<string, SurvivalReport> = {};
  for (const split of STORED_SPLITS)
    survival[split] = buildSurvival(subjects, definition, opts.through, { segmentBy: split });
  const reasons = await rankChurnReasons(ctx, {
    since: reasonsSince(opts.through),
    subjects,
    definition,
  });
  const rows = [
    { kind: 'retention', diagnostics: retention },
    { kind: 'survival', diagnostics: survival },
    { kind: 'reasons', diagnostics: reasons },
  ].map((r) => ({
    run_id: runId,
    kind: r.kind,
    params: JSON.stringify({ churnDefinition: basis, lapseDays: definition.lapseDays }),
    diagnostics: JSON.stringify(r.diagnostics),
  }));
  await ctx.db.insertInto('insight_model').values(rows).execute();
}
