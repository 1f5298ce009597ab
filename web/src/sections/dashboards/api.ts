import { useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import type { Case } from '../../api/types.ts';

type Ok<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer B } } } };
}
  ? B
  : never;

export type FeedbackSummary = Ok<'/api/v1/feedback/summary'>;
export type NpsPoint = NonNullable<FeedbackSummary['nps']>['series'][number];
export type ChurnReasons = Ok<'/api/v1/insight/reasons'>;
export type LoopReport = Ok<'/api/v1/loop/report'>;
export type ReportRow = LoopReport['rows'][number];

/** One acquisition cohort: its size and the share still active N months later (0..1). */
export type Cohort = { cohort: string; customers: number; retention: number[] };

const keys = {
  summary: ['dashboards', 'nps'] as const,
  reasons: ['dashboards', 'reasons'] as const,
  cohorts: ['dashboards', 'cohorts'] as const,
  report: ['dashboards', 'loop-report'] as const,
  cases: ['dashboards', 'open-cases'] as const,
};

const staleTime = 60_000;

export const useNpsSummary = () =>
  useQuery({
    queryKey: keys.summary,
    queryFn: ({ signal }) =>
      data(api.GET('/api/v1/feedback/summary', { params: { query: { interval: 'month' } }, signal })),
    staleTime,
  });

export const useChurnReasons = () =>
  useQuery({
    queryKey: keys.reasons,
    queryFn: ({ signal }) => data(api.GET('/api/v1/insight/reasons', { signal })),
    staleTime,
  });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The cohorts answer is untyped in the API document: keep only rows of the expected shape. */
export function parseCohorts(body: unknown): Cohort[] {
  const matrix = isRecord(body) ? body.matrix : undefined;
  const rows = isRecord(matrix) && Array.isArray(matrix.cohorts) ? matrix.cohorts : [];
  const out: Cohort[] = [];
  for (const r of rows) {
    if (!isRecord(r) || typeof r.cohort !== 'string' || typeof r.customers !== 'number') continue;
    if (!Array.isArray(r.retention)) continue;
    out.push({
      cohort: r.cohort,
      customers: r.customers,
      retention: r.retention.filter((x): x is number => typeof x === 'number'),
    });
  }
  return out;
}

export const useCohorts = () =>
  useQuery({
    queryKey: keys.cohorts,
    queryFn: async ({ signal }) => parseCohorts(await data(api.GET('/api/v1/insight/cohorts', { signal }))),
    staleTime,
  });

export const useLoopReport = () =>
  useQuery({
    queryKey: keys.report,
    queryFn: ({ signal }) => data(api.GET('/api/v1/loop/report', { signal })),
    staleTime,
  });

/** Up to 200 open or snoozed cases (the API's page limit); `more` says whether there were more. */
export const useOpenCases = () =>
  useQuery({
    queryKey: keys.cases,
    queryFn: async ({ signal }): Promise<{ cases: Case[]; more: boolean }> => {
      const page = await data(
        api.GET('/api/v1/cases', { params: { query: { status: 'active', limit: 200 } }, signal }),
      );
      return { cases: page.data, more: page.nextCursor !== null };
    },
    staleTime,
  });
