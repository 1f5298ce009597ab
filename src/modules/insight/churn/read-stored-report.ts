import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';

/** A report the latest succeeded scoring run stored (insight_model of that kind), with the run's day. */
export async function readStoredReport<T>(
  ctx: Pick<Ctx, 'db'>,
  kind: string,
): Promise<{ through: string; report: T; params: Record<string, unknown> } | null> {
  const row = await sql<{ through: string; diagnostics: T; params: Record<string, unknown> }>`
    select r.through_date::text as through, m.diagnostics, m.params from insight_model m join insight_run r on r.id = m.run_id
    where m.kind = ${kind} and r.status = 'succeeded' order by r.started_at desc limit 1`.execute(ctx.db);
  const r = row.rows[0];
  return r ? { through: r.through, report: r.diagnostics, params: r.params } : null;
}
