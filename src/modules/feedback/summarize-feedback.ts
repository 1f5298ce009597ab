import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { type FeedbackFilter, responseWhere } from './feedback-filter.ts';
import { type ScoreType, scales, scoreTypes } from './schemas.ts';
import { type Interval, meanInterval, npsInterval, round, wilson } from './stats.ts';

export type Metric = {
  n: number;
  /** NPS −100…100; CSAT % of 4–5 answers; CES mean 1–7. */
  value: number | null;
  ci: Interval | null;
  mean: number | null;
  smallSample: boolean;
  promoters?: number;
  passives?: number;
  detractors?: number;
};
type Keyed = Metric & { key: string; label: string };
export type TypeSummary = {
  overall: Metric;
  distribution: { score: number; count: number }[];
  series: (Metric & { period: string })[];
  bySurvey: Keyed[];
  byChannel: Keyed[];
  bySegment: Keyed[];
  /**
   * Anonymous answers (public form, anonymous widget), always apart: their own metric, and how
   * many of them the headline leaves out (surveys whose anonymous answers are not in scores).
   */
  anonymous: Metric & { excluded: number };
};

const SMALL = 30;

/** The headline number of one score type from its histogram, with its 95% interval. */
export function metricOf(type: ScoreType, hist: Map<number, number>): Metric {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (const [score, count] of hist) {
    n += count;
    sum += score * count;
    sumSq += score * score * count;
  }
  const count = (pred: (s: number) => boolean) => [...hist].reduce((a, [s, c]) => a + (pred(s) ? c : 0), 0);
  const mean = n ? round(sum / n, 2) : null;
  const base = { n, mean, smallSample: n < SMALL };
  if (type === 'nps') {
    const promoters = count((s) => s >= 9);
    const detractors = count((s) => s <= 6);
    const ci = npsInterval(promoters, detractors, n);
    return {
      ...base,
      value: n ? round(((promoters - detractors) / n) * 100) : null,
      ci: ci && { low: round(ci.low), high: round(ci.high) },
      promoters,
      passives: n - promoters - detractors,
      detractors,
    };
  }
  if (type === 'csat') {
    const ci = wilson(
      count((s) => s >= 4),
      n,
    );
    return {
      ...base,
      value: n ? round((count((s) => s >= 4) / n) * 100) : null,
      ci: ci && { low: round(ci.low * 100), high: round(ci.high * 100) },
    };
  }
  const ci = meanInterval(n, sum, sumSq);
  return { ...base, value: mean, ci: ci && { low: round(ci.low, 2), high: round(ci.high, 2) } };
}

type Row = {
  type: ScoreType;
  score: number;
  period: Date | null;
  survey: string | null;
  channel: string | null;
  segment: string | null;
  n: number;
};

/**
 * NPS, CSAT and CES overall, over time (week or month, UTC), by survey, by channel and by segment
 * (the customer's lifecycle stage when they answered), with score distributions and intervals;
 * and the response rate of personal links per channel. One scan with grouping sets.
 */
export async function summarizeFeedback(ctx: Pick<Ctx, 'db'>, f: FeedbackFilter, interval: 'week' | 'month') {
  // Anonymous answers count in the headline only for surveys that say so, or when asked for alone.
  const counted =
    f.segment === 'anonymous'
      ? sql`true`
      : sql`(customer_id is not null or survey_id in (select id from survey where anonymous_in_scores))`;
  const anonymousRows = await sql<{ type: ScoreType; score: number; counted: boolean; n: number }>`
    select r.type, r.score, s.anonymous_in_scores as counted, count(*)::int as n
    from survey_response r join survey s on s.id = r.survey_id
    where ${responseWhere(f)} and r.customer_id is null and r.score is not null and r.type in ('nps', 'csat', 'ces')
    group by 1, 2, 3`.execute(ctx.db);
  const rows = await sql<Row>`
    select type, score, period, survey_id::text as survey, channel, segment, count(*)::int as n
    from (select type, score, date_trunc(${interval}::text, responded_at at time zone 'UTC') as period, survey_id, channel,
            coalesce(lifecycle_stage, case when customer_id is null then 'anonymous' else 'none' end) as segment
          from survey_response
          where ${responseWhere(f)} and ${counted} and score is not null and type in ('nps', 'csat', 'ces')) r
    group by grouping sets ((type, score), (type, score, period), (type, score, survey_id), (type, score, channel),
      (type, score, segment))`.execute(ctx.db);
  const surveyNames = new Map(
    (await ctx.db.selectFrom('survey').select(['id', 'name']).execute()).map((s) => [s.id, s.name]),
  );

  const byType = (type: ScoreType): TypeSummary | null => {
    const mine = rows.rows.filter((r) => r.type === type);
    const anon = anonymousRows.rows.filter((r) => r.type === type);
    if (mine.length === 0 && anon.length === 0) return null;
    const anonHist = new Map<number, number>();
    for (const r of anon) anonHist.set(r.score, (anonHist.get(r.score) ?? 0) + r.n);
    const excluded =
      f.segment === 'anonymous' ? 0 : anon.filter((r) => !r.counted).reduce((a, r) => a + r.n, 0);
    const groups = (pick: (r: Row) => string | null) => {
      const m = new Map<string, Map<number, number>>();
      for (const r of mine) {
        const k = pick(r);
        if (k === null) continue;
        const h = m.get(k) ?? new Map<number, number>();
        h.set(r.score, (h.get(r.score) ?? 0) + r.n);
        m.set(k, h);
      }
      return m;
    };
    const isTotal = (r: Row) =>
      r.period === null && r.survey === null && r.channel === null && r.segment === null;
    const overall = new Map(mine.filter(isTotal).map((r) => [r.score, r.n]));
    const keyed = (m: Map<string, Map<number, number>>, label: (k: string) => string) =>
      [...m].map(([key, h]) => ({ key, label: label(key), ...metricOf(type, h) })).sort((a, b) => b.n - a.n);
    const s = scales[type];
    return {
      overall: metricOf(type, overall),
      distribution: Array.from({ length: s.max - s.min + 1 }, (_, i) => ({
        score: s.min + i,
        count: overall.get(s.min + i) ?? 0,
      })),
      series: [...groups((r) => (r.period ? r.period.toISOString().slice(0, 10) : null))]
        .map(([period, h]) => ({ period, ...metricOf(type, h) }))
        .sort((a, b) => a.period.localeCompare(b.period)),
      bySurvey: keyed(
        groups((r) => r.survey),
        (k) => surveyNames.get(k) ?? k,
      ),
      byChannel: keyed(
        groups((r) => r.channel),
        (k) => k,
      ),
      bySegment: keyed(
        groups((r) => r.segment),
        (k) => k,
      ),
      anonymous: { ...metricOf(type, anonHist), excluded },
    };
  };

  let sends = ctx.db
    .selectFrom('survey_send')
    .select((eb) => [
      'channel',
      eb.fn.countAll<number>().filterWhere('status', '=', 'sent').as('sent'),
      eb.fn
        .countAll<number>()
        .filterWhere('status', '=', 'sent')
        .filterWhere('answered_at', 'is not', null)
        .as('answered'),
    ])
    .groupBy('channel');
  if (f.from) sends = sends.where('sent_at', '>=', f.from);
  if (f.to) sends = sends.where('sent_at', '<', f.to);
  if (f.surveyId) sends = sends.where('survey_id', '=', f.surveyId);
  const responseRates = (await sends.execute()).map((r) => {
    const sent = Number(r.sent);
    const answered = Number(r.answered);
    const ci = wilson(answered, sent);
    return {
      channel: r.channel,
      sent,
      answered,
      rate: sent ? round((answered / sent) * 100) : null,
      ci: ci && { low: round(ci.low * 100), high: round(ci.high * 100) },
    };
  });
  const result: Record<ScoreType, TypeSummary | null> = { nps: null, csat: null, ces: null };
  for (const t of scoreTypes) result[t] = byType(t);
  return { interval, ...result, responseRates };
}
