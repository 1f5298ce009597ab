import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { paths } from '../../api/schema';

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
export type Survey = Json<paths['/api/v1/surveys/{id}']['get']['responses'][200]>;
export type SurveyInput = Json<NonNullable<paths['/api/v1/surveys']['post']['requestBody']>>;
export type Question = SurveyInput['questions'][number];
export type QuestionType = Question['type'];
export type FollowUp = NonNullable<Question['followUps']>[number];
export type Send = Json<paths['/api/v1/surveys/{id}/sends']['get']['responses'][200]>['data'][number];

/** The scales of the score questions, as the public page draws them (src/modules/feedback/schemas.ts). */
export const scales = {
  nps: { min: 0, max: 10, minLabel: 'Not at all likely', maxLabel: 'Extremely likely' },
  csat: { min: 1, max: 5, minLabel: 'Very dissatisfied', maxLabel: 'Very satisfied' },
  ces: { min: 1, max: 7, minLabel: 'Strongly disagree', maxLabel: 'Strongly agree' },
} as const;
export type ScoreType = keyof typeof scales;
export const isScoreType = (t: QuestionType): t is ScoreType => t === 'nps' || t === 'csat' || t === 'ces';

export const surveyKeys = {
  list: ['surveys'] as const,
  one: (id: string) => ['survey', id] as const,
  sends: (id: string, customerIds: readonly string[]) => ['survey', id, 'sends', customerIds] as const,
};

export const useSurveys = () =>
  useQuery({
    queryKey: surveyKeys.list,
    queryFn: async ({ signal }): Promise<Survey[]> =>
      (await data(api.GET('/api/v1/surveys', { signal }))).data,
  });

export const useSurvey = (id: string | undefined) =>
  useQuery({
    queryKey: surveyKeys.one(id ?? ''),
    queryFn: ({ signal }): Promise<Survey> =>
      data(api.GET('/api/v1/surveys/{id}', { params: { path: { id: id ?? '' } }, signal })),
    enabled: !!id,
  });

/** The sends of the given customers, refreshed every 2 s while any is still pending or sending. */
export const useSendOutcomes = (id: string, customerIds: readonly string[]) =>
  useQuery({
    queryKey: surveyKeys.sends(id, customerIds),
    queryFn: async ({ signal }): Promise<Send[]> => {
      const all = await data(
        api.GET('/api/v1/surveys/{id}/sends', { params: { path: { id }, query: { limit: 1000 } }, signal }),
      );
      const wanted = new Set(customerIds);
      return all.data.filter((s) => wanted.has(s.customerId));
    },
    enabled: customerIds.length > 0,
    placeholderData: keepPreviousData,
    refetchInterval: (q) =>
      (q.state.data ?? []).some((s) => s.status === 'pending' || s.status === 'sending') ||
      (q.state.data ?? []).length < customerIds.length
        ? 2000
        : false,
  });

export function useSaveSurvey(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SurveyInput): Promise<Survey> =>
      id
        ? data(api.PATCH('/api/v1/surveys/{id}', { params: { path: { id } }, body }))
        : data(api.POST('/api/v1/surveys', { body })),
    onSuccess: async (s) => {
      qc.setQueryData(surveyKeys.one(s.id), s);
      await qc.invalidateQueries({ queryKey: surveyKeys.list });
    },
  });
}

export function useArchiveSurvey(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (): Promise<Survey> =>
      data(api.POST('/api/v1/surveys/{id}/archive', { params: { path: { id } } })),
    onSuccess: async (s) => {
      qc.setQueryData(surveyKeys.one(s.id), s);
      await qc.invalidateQueries({ queryKey: surveyKeys.list });
    },
  });
}

export const useSendSurvey = (id: string) =>
  useMutation({
    mutationFn: (v: { customerIds: string[]; idempotencyKey: string }) =>
      data(api.POST('/api/v1/surveys/{id}/sends', { params: { path: { id } }, body: v })),
  });
