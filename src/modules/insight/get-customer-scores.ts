import { CompiledQuery } from 'kysely';
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

/** insight_score's row as `to_json` gives it, with the history and the purchase model kind. */
type ScoreJson = {
  score: {
    scored_at: string;
    health: number | null;
    health_components: Parameters<typeof renderComponents>[0];
    p_alive: number | null;
    expected_purchases: number | null;
    clv_minor: number | null;
    expected_spend_minor: number | null;
    currency: string;
    churn_probability: number | null;
    churn_drivers: ChurnDriverView[];
    rfm_recency: number | null;
    rfm_frequency: number | null;
    rfm_monetary: number | null;
    rfm_segment: string | null;
    frequency: number | null;
    first_purchase_on: string | null;
    last_purchase_on: string | null;
    revenue_minor: number;
    lapsed: boolean;
  };
  history: HistoryRow[];
  model_kind: string | null;
};

/**
 * One customer's scores as one json value (null before any run), for the customer whose id is
 * the SQL expression `idExpr`: the score row, its recent history and the run's purchase model
 * kind. The customer 360 runs it inside its own statement (`c.id`); the scores route alone.
 */
export function customerScoresJsonSql(idExpr: string): string {
  return `(select json_build_object('score', to_json(s),
      'history', (select coalesce(json_agg(json_build_object('on', h.scored_on::text,
          'health', h.health, 'components', h.components) order by h.scored_on), '[]'::json)
        from insight_score_history h where h.customer_id = s.customer_id
          and h.scored_on >= (select max(scored_on) from insight_score_history
            where customer_id = s.customer_id) - 90),
      'model_kind', (select m.params->'model'->>'kind' from insight_model m
        where m.run_id = s.run_id and m.kind = 'purchase' limit 1))
    from insight_score s where s.customer_id = ${idExpr})`;
}

const SCORES_SQL = `select ${customerScoresJsonSql('$1::uuid')} as scores`;

/** One customer's latest scores with their explanations, for the customer 360 and the API; null before any run. */
export async function getCustomerScores(
  ctx: Pick<Ctx, 'db'>,
  customerId: string,
): Promise<CustomerScores | null> {
  const r = await ctx.db.executeQuery<{ scores: ScoreJson | null }>(
    CompiledQuery.raw(SCORES_SQL, [customerId]),
  );
  return toCustomerScores(r.rows[0]?.scores ?? null);
}

/** Shapes what customerScoresJsonSql gives. */
export function toCustomerScores(json: unknown): CustomerScores | null {
  if (!json) return null;
  const { score: s, history: rows, model_kind: kind } = json as ScoreJson;
  const scoredAt = new Date(s.scored_at);
  const last30 = rows.filter(
    (h) => h.on >= new Date(scoredAt.getTime() - 30 * 86_400_000).toISOString().slice(0, 10),
  );
  const before = last30[0]?.components ?? {};
  const components = renderComponents(s.health_components);
  const money = (v: number | null) => (v === null ? null : { minor: Number(v), currency: s.currency });
  return {
    scoredAt,
    health: s.health,
    components,
    movedBy: explainChange(components, before),
    history: rows.map((h) => ({ on: h.on, health: h.health })),
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
            firstOn: s.first_purchase_on ?? '',
            lastOn: s.last_purchase_on ?? '',
            revenueMinor: Number(s.revenue_minor),
          },
    lapsed: s.lapsed,
    purchaseModel: kind === 'bg-nbd' || kind === 'nbd' ? kind : null,
  };
}
