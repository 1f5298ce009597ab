import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { explainChange } from './health/compute-health.ts';
import { renderComponents } from './health/render-components.ts';
import type { ChurnDriverView, HealthComponentView } from './tables.ts';

export type CustomerScores = {
  scoredAt: Date;
  health: number | null;
  components: HealthComponentView[];
  /** What moved health since the oldest reading of the last 30 days, in weighted points. */
  movedBy: { key: string; label: string; from: number | null; to: number; points: number }[];
  history: { on: string; health: number | null }[];
  pAlive: number | null;
  expectedPurchases: number | null;
  clv: { minor: number; currency: string } | null;
  expectedSpendPerPurchase: { minor: number; currency: string } | null;
  churnProbability: number | null;
  churnDrivers: ChurnDriverView[];
  rfm: { recency: number; frequency: number; monetary: number; segment: string } | null;
  purchases: { repeat: number; firstOn: string; lastOn: string; revenueMinor: number } | null;
  lapsed: boolean;
  /**
   * The purchase model behind pAlive: 'nbd' when the data showed no evidence of dropout, so pAlive
   * is 1 for everyone and says nothing; churn risk (which sees recency) is then the figure to read.
   */
  purchaseModel: 'bg-nbd' | 'nbd' | null;
};

type HistoryRow = { on: string; health: number | null; components: Record<string, number> };

/** One customer's latest scores with their explanations, for the customer 360 and the API; null before any run. */
export async function getCustomerScores(
  ctx: Pick<Ctx, 'db'>,
  customerId: string,
): Promise<CustomerScores | null> {
  // One round trip: the score row, its recent history and the run's purchase model kind.
  const s = await ctx.db
    .selectFrom('insight_score')
    .selectAll()
    .select([
      sql<string | null>`first_purchase_on::text`.as('first_on'),
      sql<string | null>`last_purchase_on::text`.as('last_on'),
      sql<HistoryRow[]>`(select coalesce(json_agg(json_build_object('on', h.scored_on::text,
          'health', h.health, 'components', h.components) order by h.scored_on), '[]'::json)
        from insight_score_history h where h.customer_id = insight_score.customer_id
          and h.scored_on >= (select max(scored_on) from insight_score_history
            where customer_id = insight_score.customer_id) - 90)`.as('history'),
      sql<string | null>`(select m.params->'model'->>'kind' from insight_model m
        where m.run_id = insight_score.run_id and m.kind = 'purchase' limit 1)`.as('model_kind'),
    ])
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  if (!s) return null;
  const history = { rows: s.history };
  const last30 = history.rows.filter(
    (h) => h.on >= new Date(s.scored_at.getTime() - 30 * 86_400_000).toISOString().slice(0, 10),
  );
  const before = last30[0]?.components ?? {};
  const kind = s.model_kind;
  const components = renderComponents(s.health_components);
  const money = (v: number | null) => (v === null ? null : { minor: Number(v), currency: s.currency });
  return {
    scoredAt: s.scored_at,
    health: s.health,
    components,
    movedBy: explainChange(components, before),
    history: history.rows.map((h) => ({ on: h.on, health: h.health })),
    pAlive: s.p_alive,
    expectedPurchases: s.expected_purchases,
    clv: money(s.clv_minor),
    expectedSpendPerPurchase: money(s.expected_spend_minor),
    churnProbability: s.churn_probability,
    churnDrivers: s.churn_drivers,
    rfm:
      s.rfm_recency === null
        ? null
        : {
            recency: s.rfm_recency,
            frequency: s.rfm_frequency ?? 0,
            monetary: s.rfm_monetary ?? 0,
            segment: s.rfm_segment ?? '',
          },
    purchases:
      s.frequency === null
        ? null
        : {
            repeat: s.frequency,
            firstOn: s.first_on ?? '',
            lastOn: s.last_on ?? '',
            revenueMinor: Number(s.revenue_minor),
          },
    lapsed: s.lapsed,
    purchaseModel: kind === 'bg-nbd' || kind === 'nbd' ? kind : null,
  };
}
