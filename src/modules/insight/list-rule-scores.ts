import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';

/** The scores red-flag rules can name, per customer (see the loop module's `scores.*`). */
export type RuleScores = {
  scoredAt: Date;
  lapsed: boolean;
  health: number | null;
  /** Highest health of the 30 days before the run minus health now; null without readings. */
  healthDrop30d: number | null;
  pAlive: number | null;
  churnProbability: number | null;
  expectedPurchases: number | null;
  clvMinor: number | null;
  rfmSegment: string | null;
};

/** The latest scores of a batch of customers in one statement; customers never scored are absent. */
export async function listRuleScores(
  ctx: Pick<Ctx, 'db'>,
  customerIds: string[],
): Promise<Map<string, RuleScores>> {
  if (customerIds.length === 0) return new Map();
  const rows = await sql<{
    customer_id: string;
    scored_at: Date;
    lapsed: boolean;
    health: number | null;
    peak: number | null;
    p_alive: number | null;
    churn_probability: number | null;
    expected_purchases: number | null;
    clv_minor: string | null;
    rfm_segment: string | null;
  }>`
    select s.customer_id, s.scored_at, s.lapsed, s.health, s.p_alive, s.churn_probability,
      s.expected_purchases, s.clv_minor, s.rfm_segment,
      (select max(h.health) from insight_score_history h
        where h.customer_id = s.customer_id and h.health is not null
          and h.scored_on >= ((s.scored_at at time zone 'UTC') - interval '30 days')::date) as peak
    from insight_score s where s.customer_id = any(${customerIds}::uuid[])`.execute(ctx.db);
  return new Map(
    rows.rows.map((r) => [
      r.customer_id,
      {
        scoredAt: r.scored_at,
        lapsed: r.lapsed,
        health: r.health,
        healthDrop30d: r.peak !== null && r.health !== null ? Math.max(0, r.peak - r.health) : null,
        pAlive: r.p_alive,
        churnProbability: r.churn_probability,
        expectedPurchases: r.expected_purchases,
        clvMinor: r.clv_minor === null ? null : Number(r.clv_minor),
        rfmSegment: r.rfm_segment,
      },
    ]),
  );
}
