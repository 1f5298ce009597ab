import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { type FeedbackFilter, isLowSql, responseWhere } from './feedback-filter.ts';
import { type Interval, logOddsRatio, round, wilson } from './stats.ts';

export type ThemeRank = {
  theme: string;
  label: string;
  count: number;
  /** Share of the responses that carry any theme. */
  share: number;
  scored: number;
  lowScores: number;
  lowScoreRate: number | null;
  lowScoreRateCi: Interval | null;
  /** lowScoreRate divided by the low-score rate of all scored responses. */
  lift: number | null;
  /** Log odds of a low score with the theme versus without it: > 0 goes with low scores. */
  lowScoreAssociation: number;
  avgSentiment: number | null;
  countRank: number;
  lowScoreRank: number;
};

/**
 * Themes ranked by how often they come up and by how strongly they go with low scores: the
 * start of "why customers leave". Association is the log odds ratio of a low score with versus
 * without the theme (½-corrected), so a theme seen only in unhappy answers ranks first even
 * when it is rarer than a theme everyone mentions.
 */
export async function rankThemes(
  ctx: Pick<Ctx, 'db'>,
  f: FeedbackFilter,
  sort: 'count' | 'low-score' = 'count',
): Promise<{ responses: number; withThemes: number; scored: number; lowScores: number; data: ThemeRank[] }> {
  const where = responseWhere(f);
  const totals = await sql<{ n: number; with_themes: number; scored: number; low: number }>`
    with r as (select themes, ${isLowSql} as low from survey_response where ${where})
    select count(*)::int as n, count(*) filter (where cardinality(themes) > 0)::int as with_themes,
      count(*) filter (where low is not null)::int as scored, count(*) filter (where low)::int as low
    from r`.execute(ctx.db);
  const t = totals.rows[0] ?? { n: 0, with_themes: 0, scored: 0, low: 0 };
  const rows = await sql<{ theme: string; n: number; low: number; scored: number; sentiment: number | null }>`
    with r as (select themes, sentiment, ${isLowSql} as low from survey_response where ${where})
    select x.theme, count(*)::int as n, count(*) filter (where r.low)::int as low,
      count(*) filter (where r.low is not null)::int as scored, avg(r.sentiment)::float8 as sentiment
    from r cross join unnest(r.themes) as x(theme)
    group by x.theme`.execute(ctx.db);
  const labels = new Map(
    (await ctx.db.selectFrom('feedback_theme').select(['slug', 'label']).execute()).map((l) => [
      l.slug,
      l.label,
    ]),
  );
  const overallLow = t.scored ? t.low / t.scored : null;
  const data = rows.rows.map((r) => {
    const a = r.low;
    const b = r.scored - r.low;
    const c = t.low - a;
    const d = t.scored - r.scored - c;
    const rate = r.scored ? r.low / r.scored : null;
    return {
      theme: r.theme,
      label: labels.get(r.theme) ?? r.theme,
      count: r.n,
      share: t.with_themes ? round(r.n / t.with_themes, 4) : 0,
      scored: r.scored,
      lowScores: r.low,
      lowScoreRate: rate === null ? null : round(rate, 4),
      lowScoreRateCi: wilson(r.low, r.scored),
      lift: rate !== null && overallLow ? round(rate / overallLow, 3) : null,
      lowScoreAssociation: round(logOddsRatio(a, b, c, d), 4),
      avgSentiment: r.sentiment === null ? null : round(r.sentiment, 3),
      countRank: 0,
      lowScoreRank: 0,
    };
  });
  [...data]
    .sort((x, y) => y.count - x.count || x.theme.localeCompare(y.theme))
    .forEach((x, i) => {
      x.countRank = i + 1;
    });
  [...data]
    .sort(
      (x, y) =>
        y.lowScoreAssociation - x.lowScoreAssociation || y.count - x.count || x.theme.localeCompare(y.theme),
    )
    .forEach((x, i) => {
      x.lowScoreRank = i + 1;
    });
  data.sort((x, y) => (sort === 'count' ? x.countRank - y.countRank : x.lowScoreRank - y.lowScoreRank));
  return { responses: t.n, withThemes: t.with_themes, scored: t.scored, lowScores: t.low, data };
}
