import { useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import type { Case } from '../../api/types.ts';

/** The JSON body of a GET path's 200 answer. */
export type Ok<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer B } } } };
}
  ? B
  : never;

export type FeedbackSummary = Ok<'/api/v1/feedback/summary'>;
/** One month of NPS or CSAT: answers, the score, its 95% interval. */
export type ScorePoint = NonNullable<FeedbackSummary['nps']>['series'][number];
export type ChurnReasons = Ok<'/api/v1/insight/reasons'>;
export type LoopReport = Ok<'/api/v1/loop/report'>;

/** How long the dashboards keep an answer before asking again: the numbers move nightly. */
export const staleTime = 60_000;

const keys = {
  summary: ['dashboards', 'feedback-summary'] as const,
  reasons: ['dashboards', 'reasons'] as const,
  report: ['dashboards', 'loop-report'] as const,
  cases: ['dashboards', 'open-cases'] as const,
};

/** NPS, CSAT and CES by month: one request feeds the NPS and the CSAT trend. */
export const useFeedbackSummary = () =>
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
