import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { conditionalExpectedPurchases, type PurchaseModel } from './models/purchase-model.ts';

export type CustomerScoreRow = {
  customerId: string;
  scoredAt: Date;
  pAlive: number | null;
  /** Expected purchases over the requested horizon, from the run's purchase model. */
  expectedPurchases: number | null;
  clvMinor: number | null;
  currency: string;
  churnProbability: number | null;
  health: number | null;
  lapsed: boolean;
  status: string;
};

export type ScoreFilters = {
  lapsed?: boolean;
  healthBelow?: number;
  churnAbove?: number;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_SCORES_PAGE = 10_000;

/**
 * Every customer's latest scores in one pass, in customer-id order with a keyset cursor (the last
 * id of the page): P(alive), expected purchases over `horizonDays` (recomputed from each customer's
 * stored x, t_x, T and the purchase model of the run that scored them), CLV, churn risk, health.
 */
export async function listCustomerScores(
  ctx: Pick<Ctx, 'db'>,
  opts: { after?: string; limit: number; horizonDays: number } & ScoreFilters,
): Promise<{ data: CustomerScoreRow[]; nextCursor: string | null }> {
  if (opts.after && !UUID.test(opts.after))
    throw new AppError('bad_request', 'after: pass nextCursor of the previous page unchanged');
  const limit = Math.min(Math.max(1, opts.limit), MAX_SCORES_PAGE);
  let q = ctx.db
    .selectFrom('insight_score')
    .select([
      'customer_id',
      'run_id',
      'scored_at',
      'p_alive',
      'clv_minor',
      'currency',
      'churn_probability',
      'health',
      'lapsed',
      'status',
      'frequency',
      'recency_weeks',
      'age_weeks',
    ])
    .orderBy('customer_id')
    .limit(limit + 1);
  if (opts.after) q = q.where('customer_id', '>', opts.after);
  if (opts.lapsed !== undefined) q = q.where('lapsed', '=', opts.lapsed);
  if (opts.healthBelow !== undefined) q = q.where('health', '<', opts.healthBelow);
  if (opts.churnAbove !== undefined) q = q.where('churn_probability', '>', opts.churnAbove);
  const rows = await q.execute();
  const page = rows.slice(0, limit);
  const runIds = [...new Set(page.map((r) => r.run_id))];
  const models = new Map<string, PurchaseModel | null>();
  if (runIds.length) {
    const stored = await ctx.db
      .selectFrom('insight_model')
      .select(['run_id', 'params'])
      .where('kind', '=', 'purchase')
      .where('run_id', 'in', runIds)
      .execute();
    for (const m of stored) models.set(m.run_id, (m.params.model as PurchaseModel | undefined) ?? null);
  }
  const weeks = opts.horizonDays / 7;
  const data = page.map((r) => {
    const model = models.get(r.run_id) ?? null;
    let expected: number | null = null;
    if (model && r.frequency !== null && r.recency_weeks !== null && r.age_weeks !== null) {
      // A customer who told us they left is expected to buy nothing (as when the run scored them).
      expected =
        r.status === 'churned'
          ? 0
          : conditionalExpectedPurchases(model, weeks, r.frequency, r.recency_weeks, r.age_weeks);
    }
    return {
      customerId: r.customer_id,
      scoredAt: r.scored_at,
      pAlive: r.p_alive,
      expectedPurchases: expected,
      clvMinor: r.clv_minor === null ? null : Number(r.clv_minor),
      currency: r.currency,
      churnProbability: r.churn_probability,
      health: r.health,
      lapsed: r.lapsed,
      status: r.status,
    };
  });
  return { data, nextCursor: rows.length > limit ? (page.at(-1)?.customer_id ?? null) : null };
}

const cell = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString() : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export const SCORE_COLUMNS: (keyof CustomerScoreRow)[] = [
  'customerId',
  'scoredAt',
  'status',
  'pAlive',
  'expectedPurchases',
  'clvMinor',
  'currency',
  'churnProbability',
  'health',
  'lapsed',
];

/** CSV lines of score rows (header with `header`); every value is a number, date, id or code. */
export function scoresToCsv(rows: CustomerScoreRow[], header: boolean): string {
  const lines = rows.map((r) => SCORE_COLUMNS.map((c) => cell(r[c])).join(','));
  if (header) lines.unshift(SCORE_COLUMNS.join(','));
  return lines.length ? `${lines.join('\n')}\n` : '';
}
