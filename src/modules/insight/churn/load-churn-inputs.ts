import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { listDepartures } from '../../customers/index.ts';
import { type ChurnBasis, leftDay } from './churn-definition.ts';

/** One customer as every churn figure sees them. Days are days since 1970-01-01 (UTC). */
export type ChurnSubject = {
  customerId: string;
  firstSeenDay: number;
  status: string;
  /** The day they left by the definition in force; null while a customer. */
  leftDay: number | null;
  /** How they left: 'lapsed' (the lapse rule) or 'cancelled' (status churned). */
  how: 'lapsed' | 'cancelled' | null;
  segments: Record<string, string>;
  /** Month of the first purchase (YYYY-MM), the acquisition cohort; null for non-buyers. */
  cohort: string | null;
  pAlive: number | null;
};

/**
 * Departures (customers module) joined with the latest scores: one list that retention, survival,
 * cohorts and churn reasons are all computed from, so they count the same customers.
 */
export async function loadChurnInputs(
  ctx: Pick<Ctx, 'db'>,
  opts: { basis: ChurnBasis; through?: string },
): Promise<ChurnSubject[]> {
  const [departures, scores] = await Promise.all([
    listDepartures(ctx, { through: opts.through }),
    sql<{
      customer_id: string;
      segments: Record<string, string>;
      cohort: string | null;
      p_alive: number | null;
    }>`
      select customer_id, segments, to_char(first_purchase_on, 'YYYY-MM') as cohort, p_alive
      from insight_score`.execute(ctx.db),
  ]);
  const byId = new Map(scores.rows.map((r) => [r.customer_id, r]));
  return departures.map((d) => {
    const s = byId.get(d.customerId);
    const left = leftDay(d, opts.basis);
    return {
      customerId: d.customerId,
      firstSeenDay: d.firstSeenDay,
      status: d.status,
      leftDay: left,
      how: left === null ? null : d.status === 'churned' ? 'cancelled' : 'lapsed',
      segments: s?.segments ?? {},
      cohort: s?.cohort ?? null,
      pAlive: s?.p_alive ?? null,
    };
  });
}
