import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';

export type ScoreAsOf = {
  pAlive: number | null;
  churnProbability: number | null;
  clvMinor: number | null;
  scoredOn: string;
};

/**
 * Each customer's scores as they stood on a day: the latest daily snapshot on or before it. What
 * a rep's book was expected to do is judged from this, not from today's scores (which already
 * know how the period went).
 */
export async function scoresAsOf(
  ctx: Pick<Ctx, 'db'>,
  customerIds: string[],
  day: Date,
): Promise<Map<string, ScoreAsOf>> {
  const out = new Map<string, ScoreAsOf>();
  const on = day.toISOString().slice(0, 10);
  for (let i = 0; i < customerIds.length; i += 5000) {
    const ids = customerIds.slice(i, i + 5000);
    const rows = await sql<{
      customer_id: string;
      p_alive: number | null;
      churn_probability: number | null;
      clv_minor: string | number | null;
      scored_on: string;
    }>`
      select distinct on (customer_id) customer_id, p_alive, churn_probability, clv_minor, scored_on::text
      from insight_score_history
      where customer_id = any(${ids}::uuid[]) and scored_on <= ${on}::date
      order by customer_id, scored_on desc`.execute(ctx.db);
    for (const r of rows.rows)
      out.set(r.customer_id, {
        pAlive: r.p_alive,
        churnProbability: r.churn_probability,
        clvMinor: r.clv_minor === null ? null : Number(r.clv_minor),
        scoredOn: r.scored_on,
      });
  }
  return out;
}
