import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { estimateKaplanMeier, type SurvivalCurve } from '../models/kaplan-meier.ts';
import { fitSbg, type SbgParams, sbgSurvival } from '../models/shifted-beta-geometric.ts';

const MONTH_DAYS = 30.4375;

export type SegmentSurvival = {
  segment: string;
  curve: SurvivalCurve;
  /** sBG fitted to the curve's monthly survivors, projecting retention `projectMonths` ahead. */
  projection: { params: SbgParams; months: { month: number; survival: number }[] } | null;
};

export type SurvivalReport = { segmentBy: string | null; unit: 'month'; segments: SegmentSurvival[] };

/**
 * Kaplan–Meier curves of customer lifetimes (first seen → marked churned, censored at the last
 * scoring) by segment, with confidence bands and median lifetime, and an sBG projection of each.
 * sBG needs whole-cohort survivor counts; with censoring it is fitted to the product-limit
 * survivors of 1,000 notional customers over the months where at least 30 are still at risk.
 */
export async function getSurvival(
  ctx: Pick<Ctx, 'db'>,
  opts: { segmentBy?: string; projectMonths?: number },
): Promise<SurvivalReport> {
  // "cohort" segments by month first seen: one curve and one sBG projection per acquisition cohort.
  const seg =
    opts.segmentBy === 'cohort'
      ? sql`to_char(first_seen_on, 'YYYY-MM')`
      : opts.segmentBy
        ? sql`coalesce(segments ->> ${opts.segmentBy}, '(none)')`
        : sql`'all'`;
  const rows = await sql<{ segment: string; months: number; churned: boolean; n: number }>`
    select ${seg} as segment,
      floor((coalesce(churned_on, scored_at::date) - first_seen_on) / ${MONTH_DAYS}::float8)::int as months,
      (status = 'churned') as churned, count(*)::int as n
    from insight_score group by 1, 2, 3`.execute(ctx.db);
  const bySegment = new Map<string, { d: number[]; e: boolean[] }>();
  for (const r of rows.rows) {
    const s = bySegment.get(r.segment) ?? { d: [], e: [] };
    for (let k = 0; k < r.n; k++) {
      s.d.push(Math.max(0, r.months));
      s.e.push(r.churned);
    }
    bySegment.set(r.segment, s);
  }
  const projectMonths = opts.projectMonths ?? 12;
  const segments = [...bySegment.entries()]
    .sort((a, b) => b[1].d.length - a[1].d.length)
    .map(([segment, s]) => {
      const curve = estimateKaplanMeier(s.d, s.e);
      const observed = curve.points.filter((p) => p.atRisk >= 30);
      const lastMonth = observed.at(-1)?.time ?? 0;
      let projection: SegmentSurvival['projection'] = null;
      if (lastMonth >= 2 && curve.events > 0) {
        const survivors = Array.from({ length: lastMonth + 1 }, (_, t) => {
          let sv = 1;
          for (const p of curve.points) if (p.time <= t) sv = p.survival;
          return Math.round(1000 * sv);
        });
        if (survivors.at(-1) !== 1000) {
          const fit = fitSbg(survivors);
          projection = {
            params: fit.params,
            months: Array.from({ length: lastMonth + projectMonths }, (_, k) => ({
              month: k + 1,
              survival: sbgSurvival(fit.params, k + 1),
            })),
          };
        }
      }
      return { segment, curve, projection };
    });
  return { segmentBy: opts.segmentBy ?? null, unit: 'month', segments };
}
