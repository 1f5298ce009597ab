import type { Ctx } from '../../../kernel/context.ts';
import { type ChurnDefinition, churnDefinition } from '../churn/churn-definition.ts';
import { type ChurnSubject, loadChurnInputs } from '../churn/load-churn-inputs.ts';
import { readStoredReport } from '../churn/read-stored-report.ts';
import { getInsightSettings } from '../get-settings.ts';
import { estimateKaplanMeier, type SurvivalCurve } from '../models/kaplan-meier.ts';
import { fitSbg, type SbgParams, sbgSurvival } from '../models/shifted-beta-geometric.ts';

const MONTH_DAYS = 30.4375;
const DAY = 86_400_000;
/** The splits the scoring run computes ahead; others are computed when asked for. */
export const STORED_SPLITS = ['all', 'lifecycleStage', 'cohort'] as const;
const DEFAULT_PROJECTION = 12;

export type SegmentSurvival = {
  segment: string;
  curve: SurvivalCurve;
  /** sBG fitted to the curve's monthly survivors, projecting retention `projectMonths` ahead. */
  projection: { params: SbgParams; months: { month: number; survival: number }[] } | null;
};

export type SurvivalReport = {
  segmentBy: string | null;
  unit: 'month';
  definition: ChurnDefinition;
  through: string;
  segments: SegmentSurvival[];
};

/**
 * Kaplan–Meier curves of customer lifetimes (first seen → left, by the churn definition in force;
 * censored at the last run's day) by segment, with confidence bands and median lifetime, and an
 * sBG projection of each. The scoring run stores the usual splits; others are computed here.
 */
export async function getSurvival(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  opts: { segmentBy?: string; projectMonths?: number },
): Promise<SurvivalReport> {
  const split = opts.segmentBy ?? 'all';
  const projectMonths = opts.projectMonths ?? DEFAULT_PROJECTION;
  const stored = await readStoredReport<Record<string, SurvivalReport>>(ctx, 'survival');
  if (stored?.report[split] && projectMonths === DEFAULT_PROJECTION) return stored.report[split];
  const settings = await getInsightSettings(ctx);
  const through = stored?.through ?? (await lastRunDay(ctx));
  // Lifetimes are measured to the last scoring run's day: before the first run there are none.
  if (!through)
    return {
      segmentBy: opts.segmentBy ?? null,
      unit: 'month',
      definition: churnDefinition(settings.churnDefinition),
      through: ctx.clock.now().toISOString().slice(0, 10),
      segments: [],
    };
  const subjects = await loadChurnInputs(ctx, { basis: settings.churnDefinition, through });
  return buildSurvival(subjects, churnDefinition(settings.churnDefinition), through, {
    segmentBy: opts.segmentBy,
    projectMonths,
  });
}

async function lastRunDay(ctx: Pick<Ctx, 'db'>): Promise<string | null> {
  const run = await ctx.db
    .selectFrom('insight_run')
    .select((eb) => eb.cast<string>('through_date', 'text').as('through'))
    .where('status', '=', 'succeeded')
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return run?.through ?? null;
}

/**
 * sBG needs whole-cohort survivor counts; with censoring it is fitted to the product-limit
 * survivors of 1,000 notional customers over the months where at least 30 are still at risk.
 */
export function buildSurvival(
  subjects: readonly ChurnSubject[],
  definition: ChurnDefinition,
  through: string,
  opts: { segmentBy?: string; projectMonths?: number },
): SurvivalReport {
  const throughDay = Math.round(Date.parse(`${through}T00:00:00Z`) / DAY);
  // "cohort" segments by month first seen: one curve and one sBG projection per acquisition cohort.
  // A month per first-seen day, formatted once per day rather than once per customer.
  const months = new Map<number, string>();
  const monthOf = (day: number): string => {
    let m = months.get(day);
    if (m === undefined) months.set(day, (m = new Date(day * DAY).toISOString().slice(0, 7)));
    return m;
  };
  const segmentOf = (s: ChurnSubject): string =>
    opts.segmentBy === 'cohort'
      ? monthOf(s.firstSeenDay)
      : opts.segmentBy && opts.segmentBy !== 'all'
        ? (s.segments[opts.segmentBy] ?? '(none)')
        : 'all';
  const bySegment = new Map<string, { d: number[]; e: boolean[] }>();
  for (const s of subjects) {
    if (s.firstSeenDay > throughDay) continue;
    const left = s.leftDay !== null && s.leftDay <= throughDay;
    const end = left ? (s.leftDay as number) : throughDay;
    const seg = segmentOf(s);
    const group = bySegment.get(seg) ?? { d: [], e: [] };
    group.d.push(Math.max(0, Math.floor((end - s.firstSeenDay) / MONTH_DAYS)));
    group.e.push(left);
    bySegment.set(seg, group);
  }
  const projectMonths = opts.projectMonths ?? DEFAULT_PROJECTION;
  const segments = [...bySegment.entries()]
    .sort((a, b) => b[1].d.length - a[1].d.length || a[0].localeCompare(b[0]))
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
  return {
    segmentBy: opts.segmentBy && opts.segmentBy !== 'all' ? opts.segmentBy : null,
    unit: 'month',
    definition,
    through,
    segments,
  };
}
