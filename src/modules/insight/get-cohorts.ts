import type { Ctx } from '../../kernel/context.ts';
import { buildRetention, type RetentionMonth, type RetentionReport } from './churn/build-retention.ts';
import { type ChurnDefinition, churnDefinition } from './churn/churn-definition.ts';
import { loadChurnInputs } from './churn/load-churn-inputs.ts';
import { readStoredReport } from './churn/read-stored-report.ts';
import type { CohortMatrix, CohortRow } from './cohorts/build-cohort-matrix.ts';
import { getInsightSettings } from './get-settings.ts';

export type CohortReport = {
  through: string | null;
  /** When the scoring run that computed these figures finished (null before the first run). */
  asOf: string | null;
  currency: string | null;
  /** What counts as churn in `churn`, `totals` and each cohort's `left`. */
  definition: ChurnDefinition;
  matrix: { cohorts: (CohortRow & { left: number })[]; months: CohortMatrix['months'] };
  /** Per calendar month: customers at the start, how many left in it (lapsed, cancelled), the rates. */
  churn: RetentionMonth[];
  totals: RetentionReport['totals'] | null;
};

const DAY = 86_400_000;

/**
 * Cohort retention and revenue-retention matrices, with each cohort's departures, and the
 * monthly churn and retention of the customer base, all as stored by the latest scoring run
 * (computed from the departures when a run stored none).
 */
export async function getCohorts(ctx: Pick<Ctx, 'db'>): Promise<CohortReport> {
  const stored = await readStoredReport<CohortMatrix>(ctx, 'cohorts');
  let retention = (await readStoredReport<RetentionReport>(ctx, 'retention'))?.report ?? null;
  if (!retention && stored) {
    const basis = (await getInsightSettings(ctx)).churnDefinition;
    const subjects = await loadChurnInputs(ctx, { basis, through: stored.through });
    retention = buildRetention(
      subjects,
      churnDefinition(basis),
      Math.round(Date.parse(`${stored.through}T00:00:00Z`) / DAY),
    );
  }
  const matrix = stored?.report ?? { cohorts: [], months: [] };
  const left = new Map((retention?.cohorts ?? []).map((c) => [c.cohort, c.left]));
  return {
    through: stored?.through ?? null,
    asOf: stored?.asOf ?? null,
    currency: typeof stored?.params.currency === 'string' ? stored.params.currency : null,
    definition: retention?.definition ?? churnDefinition((await getInsightSettings(ctx)).churnDefinition),
    matrix: { ...matrix, cohorts: matrix.cohorts.map((c) => ({ ...c, left: left.get(c.cohort) ?? 0 })) },
    churn: retention?.months ?? [],
    totals: retention?.totals ?? null,
  };
}
