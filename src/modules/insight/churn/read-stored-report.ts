import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';

/**
 * A report the latest succeeded scoring run stored (insight_model of that kind), with the run's
 * day and `asOf`, when the run finished: the dashboards say how fresh their figures are.
 */
export async function readStoredReport<T>(
  ctx: Pick<Ctx, 'db'>,
  kind: string,
): Promise<{ through: string; asOf: string; report: T; params: Record<string, unknown> } | null> {
  const row = await sql<{ through: string; as_of: Date; diagnostics: T; params: Record<string, unknown> }>`
    select r.through_date::text as through, coalesce(r.finished_at, r.started_at) as as_of, m.diagnostics, m.params
    from insight_model m join insight_run r on r.id = m.run_id
    where m.kind = ${kind} and r.status = 'succeeded' order by r.started_at desc limit 1`.execute(ctx.db);
  const r = row.rows[0];
  return r
    ? { through: r.through, asOf: r.as_of.toISOString(), report: r.diagnostics, params: r.params }
    : null;
}
