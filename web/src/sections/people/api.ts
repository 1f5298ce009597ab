import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { paths } from '../../api/schema';

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
export type Scorecard = Json<paths['/api/v1/people/scorecards/staff/{staffId}']['get']['responses'][200]>;
export type RepCard = Scorecard['reps'][number];
export type Card = RepCard['card'];
export type AssignmentRule = Json<
  paths['/api/v1/people/assignment-rules']['get']['responses'][200]
>['data'][number];
export type RebalancePreview = Json<paths['/api/v1/people/rebalance/preview']['post']['responses'][200]>;

export type Period = { from: string; to: string };

export const useRepScorecard = (staffId: string | undefined, p: Period) =>
  useQuery({
    queryKey: ['people', 'scorecard', 'staff', staffId, p],
    enabled: !!staffId,
    queryFn: async ({ signal }) =>
      data(
        api.GET('/api/v1/people/scorecards/staff/{staffId}', {
          params: { path: { staffId: staffId as string }, query: { ...p, detail: 'true' } },
          signal,
        }),
      ),
  });

export const useTeamScorecard = (teamId: string | null, p: Period) =>
  useQuery({
    queryKey: ['people', 'scorecard', 'team', teamId, p],
    enabled: !!teamId,
    queryFn: async ({ signal }) =>
      data(
        api.GET('/api/v1/people/scorecards/teams/{teamId}', {
          params: { path: { teamId: teamId as string }, query: { ...p, detail: 'true' } },
          signal,
        }),
      ),
  });

export const useAssignmentRules = () =>
  useQuery({
    queryKey: ['people', 'rules'],
    queryFn: async ({ signal }) => (await data(api.GET('/api/v1/people/assignment-rules', { signal }))).data,
  });

export function useAddRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      name: string;
      countries: string[];
      languages: string[];
      staffIds: string[];
      tierIds: string[];
    }) =>
      data(
        api.POST('/api/v1/people/assignment-rules', {
          body: { ...body, segmentId: null, teamId: null, active: true },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['people', 'rules'] }),
  });
}

export function useRunAssignment() {
  return useMutation({ mutationFn: () => data(api.POST('/api/v1/people/assignment-runs')) });
}

export function usePreviewRebalance() {
  return useMutation({
    mutationFn: (body: { fromStaffId: string; toStaffIds: string[] }) =>
      data(api.POST('/api/v1/people/rebalance/preview', { body })),
  });
}

export function useApplyRebalance() {
  return useMutation({
    mutationFn: (body: {
      fromStaffId: string;
      moves: { customerId: string; toStaffId: string }[];
      note?: string;
      introEmail?: { subject: string; body: string };
    }) => data(api.POST('/api/v1/people/rebalance/apply', { body })),
  });
}

/** Loyalty tiers for the rule form (empty when the loyalty tiers are not set up). */
export const useTiers = () =>
  useQuery({
    queryKey: ['loyalty', 'tiers'],
    queryFn: async ({ signal }) => (await data(api.GET('/api/v1/loyalty/tiers', { signal }))).data,
  });
