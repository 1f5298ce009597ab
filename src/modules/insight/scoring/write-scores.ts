import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import type { ChurnDriverView, StoredComponent } from '../tables.ts';

export type ScoreRow = {
  customerId: string;
  status: string;
  firstSeenOn: string;
  churnedOn: string | null;
  segments: Record<string, string>;
  firstPurchaseOn: string | null;
  lastPurchaseOn: string | null;
  frequency: number | null;
  recencyWeeks: number | null;
  ageWeeks: number | null;
  averageSpendMinor: number | null;
  revenueMinor: number;
  rfm: { r: number; f: number; m: number; segment: string } | null;
  pAlive: number | null;
  expectedPurchases: number | null;
  expectedSpendMinor: number | null;
  clvMinor: number | null;
  churnProbability: number | null;
  churnDrivers: ChurnDriverView[];
  health: number | null;
  components: StoredComponent[];
  lapsed: boolean;
};

const round = (v: number | null) => (v === null ? null : Math.round(v));
/**
 * For `real` columns: PostgreSQL refuses a float4 below about 1e-38 as out of range rather than
 * rounding it to 0, and a customer long gone can have P(alive) of 1e-60. Such a value is 0.
 */
const real = (v: number | null) => (v === null ? null : Math.abs(v) < 1e-30 ? 0 : v);

/**
 * Writes one batch of scores with a single INSERT … SELECT FROM json_to_recordset(…) ON CONFLICT
 * upsert, and the day's history row per customer (a rerun the same day replaces it: idempotent).
 * One JSON document per batch is much cheaper to send and parse than two dozen array parameters
 * (array literals of JSON text need escaping on both sides).
 */
export async function writeScores(
  ctx: Pick<Ctx, 'db'>,
  run: { id: string; scoredAt: Date; scoredOn: string; currency: string },
  rows: ScoreRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const payload = JSON.stringify(
    rows.map((r) => ({
      id: r.customerId,
      st: r.status,
      fs: r.firstSeenOn,
      ch: r.churnedOn,
      sg: r.segments,
      fp: r.firstPurchaseOn,
      lp: r.lastPurchaseOn,
      x: r.frequency,
      tx: r.recencyWeeks,
      tt: r.ageWeeks,
      av: round(r.averageSpendMinor),
      rv: Math.round(r.revenueMinor),
      rr: r.rfm?.r ?? null,
      rf: r.rfm?.f ?? null,
      rm: r.rfm?.m ?? null,
      rs: r.rfm?.segment ?? null,
      pa: real(r.pAlive),
      ep: real(r.expectedPurchases),
      es: round(r.expectedSpendMinor),
      cl: round(r.clvMinor),
      cp: real(r.churnProbability),
      dr: r.churnDrivers,
      h: r.health,
      hc: r.components,
      hs: Object.fromEntries(r.components.map((c) => [c.k, c.s])),
      la: r.lapsed,
    })),
  );
  await ctx.db.transaction().execute(async (trx) => {
    // Scores are derived data the next run recomputes: losing the last batches in a crash costs
    // nothing, so skip waiting for the WAL flush on each batch.
    await sql`set local synchronous_commit = off`.execute(trx);
    // One statement: the batch is parsed once and feeds both the upsert and the history row.
    await sql`
      with u as (
        select * from json_to_recordset(${payload}::json) as u(id uuid, st text, fs date, ch date, sg jsonb, fp date,
          lp date, x int, tx float8, tt float8, av int8, rv int8, rr int2, rf int2, rm int2, rs text, pa float4,
          ep float4, es int8, cl int8, cp float4, dr jsonb, h int2, hc jsonb, hs jsonb, la bool)
      ), scored as (
        insert into insight_score (customer_id, run_id, scored_at, status, first_seen_on, churned_on, segments,
          first_purchase_on, last_purchase_on, frequency, recency_weeks, age_weeks, average_spend_minor, revenue_minor,
          currency, rfm_recency, rfm_frequency, rfm_monetary, rfm_segment, p_alive, expected_purchases,
          expected_spend_minor, clv_minor, churn_probability, churn_drivers, health, health_components, lapsed)
        select id, ${run.id}::uuid, ${run.scoredAt}::timestamptz, st, fs, ch, sg, fp, lp, x, tx, tt, av, rv,
          ${run.currency}, rr, rf, rm, rs, pa, ep, es, cl, cp, dr, h, hc, la
        from u
        on conflict (customer_id) do update set
          run_id = excluded.run_id, scored_at = excluded.scored_at, status = excluded.status,
          first_seen_on = excluded.first_seen_on, churned_on = excluded.churned_on, segments = excluded.segments,
          first_purchase_on = excluded.first_purchase_on, last_purchase_on = excluded.last_purchase_on,
          frequency = excluded.frequency, recency_weeks = excluded.recency_weeks, age_weeks = excluded.age_weeks,
          average_spend_minor = excluded.average_spend_minor, revenue_minor = excluded.revenue_minor,
          currency = excluded.currency, rfm_recency = excluded.rfm_recency, rfm_frequency = excluded.rfm_frequency,
          rfm_monetary = excluded.rfm_monetary, rfm_segment = excluded.rfm_segment, p_alive = excluded.p_alive,
          expected_purchases = excluded.expected_purchases, expected_spend_minor = excluded.expected_spend_minor,
          clv_minor = excluded.clv_minor, churn_probability = excluded.churn_probability,
          churn_drivers = excluded.churn_drivers, health = excluded.health,
          health_components = excluded.health_components, lapsed = excluded.lapsed
      )
      insert into insight_score_history (customer_id, scored_on, run_id, health, p_alive, churn_probability, clv_minor, components)
      select id, ${run.scoredOn}::date, ${run.id}::uuid, h, pa, cp, cl, hs from u
      on conflict (customer_id, scored_on) do update set run_id = excluded.run_id, health = excluded.health,
        p_alive = excluded.p_alive, churn_probability = excluded.churn_probability, clv_minor = excluded.clv_minor,
        components = excluded.components`.execute(trx);
  });
}
