import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import type { CohortMatrix } from './cohorts/build-cohort-matrix.ts';

export type CohortReport = {
  through: string | null;
  currency: string | null;
  matrix: CohortMatrix;
  /** Per calendar month, from statuses: customers at the start, churned in the month, the churn rate. */
  churn: { month: string; atStart: number; churned: number; churnRate: number; retentionRate: number }[];
};

/**
 * Cohort retention and revenue-retention matrices (stored by the latest run), with monthly churn
 * and retention rates of the customer base computed from the scored statuses.
 */
export async function getCohorts(ctx: Pick<Ctx, 'db'>): Promise<CohortReport> {
  const stored = await sql<{ through: string; diagnostics: CohortMatrix; params: { currency?: string } }>`
    select r.through_date::text as through, m.diagnostics, m.params from insight_model m join insight_run r on r.id = m.run_id
    where m.kind = 'cohorts' and r.status = 'succeeded' order by r.started_at desc limit 1`.execute(ctx.db);
  const churn = await sql<{ month: string; at_start: number; churned: number }>`
    with months as (
      select generate_series(date_trunc('month', min(first_seen_on)), date_trunc('month', max(scored_at)), interval '1 month')::date as m
      from insight_score
    )
    select to_char(m, 'YYYY-MM') as month,
      (select count(*) from insight_score s where s.first_seen_on < m and (s.churned_on is null or s.churned_on >= m))::int as at_start,
      (select count(*) from insight_score s where s.churned_on >= m and s.churned_on < (m + interval '1 month')::date)::int as churned
    from months order by m`.execute(ctx.db);
  const row = stored.rows[0];
  return {
    through: row?.through ?? null,
    currency: row?.params.currency ?? null,
    matrix: row?.diagnostics ?? { cohorts: [], months: [] },
    churn: churn.rows.map((r) => ({
      month: r.month,
      atStart: r.at_start,
      churned: r.churned,
      churnRate: r.at_start ? r.churned / r.at_start : 0,
      retentionRate: r.at_start ? 1 - r.churned / r.at_start : 1,
    })),
  };
}
