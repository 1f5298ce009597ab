import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import { staleTime } from './api.ts';
import type { ChurnDefinition } from './churn-definition-note.tsx';

// The cohort and survival answers are free-form JSON in the API document (their shape follows
// the models), so they are read defensively here: rows of another shape are left out.

/** One acquisition cohort: its size, the share still buying N months later (0..1), and how many have left. */
export type Cohort = { cohort: string; customers: number; retention: number[]; left: number };

/** One calendar month of the customer base: customers at its start and how many churned in it. */
export type ChurnMonth = {
  month: string;
  atStart: number;
  churned: number;
  lapsed: number;
  cancelled: number;
  churnRate: number;
  retentionRate: number;
};

/** The customer base on the last run's day, and what the purchase model expects of it. */
export type BaseTotals = {
  customers: number;
  active: number;
  lapsed: number;
  cancelled: number;
  activeBuyers: number;
  expectedBuying: number;
  meanPAliveActive: number | null;
  meanPAliveLeft: number | null;
};

export type CohortReport = {
  /** When the scoring run that computed the figures finished; null before the first run. */
  asOf: string | null;
  cohorts: Cohort[];
  churn: ChurnMonth[];
  definition: ChurnDefinition | null;
  totals: BaseTotals | null;
};

export type SurvivalPoint = { time: number; atRisk: number; survival: number; lower: number; upper: number };
export type SegmentCurve = {
  segment: string;
  subjects: number;
  events: number;
  points: SurvivalPoint[];
  median: number | null;
  medianInterval: { lower: number | null; upper: number | null };
};

/** How the survival curves are split: the API's `segmentBy`, or 'all' for one curve of everyone. */
export type SurvivalSplit = 'all' | 'lifecycleStage' | 'cohort';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const numOrNull = (v: unknown): number | null => (num(v) ? v : null);

function parseDefinition(v: unknown): ChurnDefinition | null {
  if (!isRecord(v) || typeof v.label !== 'string' || typeof v.basis !== 'string' || !num(v.lapseDays))
    return null;
  return { basis: v.basis, lapseDays: v.lapseDays, label: v.label };
}

function parseTotals(v: unknown): BaseTotals | null {
  if (!isRecord(v)) return null;
  const { customers, active, lapsed, cancelled, activeBuyers, expectedBuying } = v;
  if (![customers, active, lapsed, cancelled, activeBuyers, expectedBuying].every(num)) return null;
  return {
    customers: customers as number,
    active: active as number,
    lapsed: lapsed as number,
    cancelled: cancelled as number,
    activeBuyers: activeBuyers as number,
    expectedBuying: expectedBuying as number,
    meanPAliveActive: numOrNull(v.meanPAliveActive),
    meanPAliveLeft: numOrNull(v.meanPAliveLeft),
  };
}

export function parseCohortReport(body: unknown): CohortReport {
  const matrix = isRecord(body) ? body.matrix : undefined;
  const cohorts: Cohort[] = [];
  for (const r of list(isRecord(matrix) ? matrix.cohorts : undefined)) {
    if (!isRecord(r) || typeof r.cohort !== 'string' || !num(r.customers)) continue;
    cohorts.push({
      cohort: r.cohort,
      customers: r.customers,
      retention: list(r.retention).filter(num),
      left: num(r.left) ? r.left : 0,
    });
  }
  const churn: ChurnMonth[] = [];
  for (const r of list(isRecord(body) ? body.churn : undefined)) {
    if (!isRecord(r) || typeof r.month !== 'string' || !num(r.atStart) || !num(r.churned)) continue;
    if (!num(r.churnRate) || !num(r.retentionRate)) continue;
    churn.push({
      month: r.month,
      atStart: r.atStart,
      churned: r.churned,
      lapsed: num(r.lapsed) ? r.lapsed : 0,
      cancelled: num(r.cancelled) ? r.cancelled : r.churned,
      churnRate: r.churnRate,
      retentionRate: r.retentionRate,
    });
  }
  const b = isRecord(body) ? body : {};
  return {
    asOf: typeof b.asOf === 'string' ? b.asOf : null,
    cohorts,
    churn,
    definition: parseDefinition(b.definition),
    totals: parseTotals(b.totals),
  };
}

export type SurvivalReport = { curves: SegmentCurve[]; definition: ChurnDefinition | null };

export function parseSurvival(body: unknown): SurvivalReport {
  const out: SegmentCurve[] = [];
  for (const s of list(isRecord(body) ? body.segments : undefined)) {
    if (!isRecord(s) || typeof s.segment !== 'string' || !isRecord(s.curve)) continue;
    const c = s.curve;
    if (!num(c.subjects) || !num(c.events)) continue;
    const points: SurvivalPoint[] = [];
    for (const p of list(c.points)) {
      if (!isRecord(p) || !num(p.time) || !num(p.survival) || !num(p.atRisk)) continue;
      points.push({
        time: p.time,
        atRisk: p.atRisk,
        survival: p.survival,
        lower: num(p.lower) ? p.lower : p.survival,
        upper: num(p.upper) ? p.upper : p.survival,
      });
    }
    const mi = isRecord(c.medianInterval) ? c.medianInterval : {};
    out.push({
      segment: s.segment,
      subjects: c.subjects,
      events: c.events,
      points,
      median: numOrNull(c.median),
      medianInterval: { lower: numOrNull(mi.lower), upper: numOrNull(mi.upper) },
    });
  }
  return { curves: out, definition: parseDefinition(isRecord(body) ? body.definition : undefined) };
}

/** Cohort matrix and monthly churn: one request feeds the heat map and the retention trend. */
export const useCohortReport = () =>
  useQuery({
    queryKey: ['dashboards', 'cohorts'] as const,
    queryFn: async ({ signal }) =>
      parseCohortReport(await data(api.GET('/api/v1/insight/cohorts', { signal }))),
    staleTime,
  });

export const useSurvival = (split: SurvivalSplit) =>
  useQuery({
    queryKey: ['dashboards', 'survival', split] as const,
    queryFn: async ({ signal }) =>
      parseSurvival(
        await data(
          api.GET('/api/v1/insight/survival', {
            params: { query: split === 'all' ? {} : { segmentBy: split } },
            signal,
          }),
        ),
      ),
    staleTime,
    // Switching the split keeps the current curves (and the focus on the switch) until the new ones arrive.
    placeholderData: keepPreviousData,
  });
