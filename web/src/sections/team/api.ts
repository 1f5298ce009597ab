import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import type { Ok } from '../../api/types.ts';

export type Kudos = Ok<'/api/v1/people/kudos', 'get'>['data'][number];
export type KudosCount = Ok<'/api/v1/people/kudos/counts', 'get'>['data'][number];
export type RewardSummary = Ok<'/api/v1/people/reward-preferences/summary', 'get'>;
export type RewardOptions = Ok<'/api/v1/people/reward-preferences/options', 'get'>;
type Body<P extends keyof paths> = paths[P]['put'] extends {
  requestBody: { content: { 'application/json': infer B } };
}
  ? B
  : never;
export type StaffChoice = Body<'/api/v1/people/reward-preferences/me'>['choices'][number];
export type CustomerChoice =
  Body<'/api/v1/people/customers/{customerId}/reward-preference'>['choices'][number];

export const teamKeys = {
  kudos: ['people', 'kudos'] as const,
  counts: ['people', 'kudos-counts'] as const,
  mine: ['people', 'reward-preference', 'me'] as const,
  summary: ['people', 'reward-summary'] as const,
  customer: (id: string) => ['people', 'reward-preference', 'customer', id] as const,
};

export const useKudosFeed = (teamId: string | null) =>
  useInfiniteQuery({
    queryKey: [...teamKeys.kudos, teamId],
    queryFn: ({ pageParam, signal }) =>
      data(
        api.GET('/api/v1/people/kudos', {
          params: { query: { ...(teamId ? { teamId } : {}), before: pageParam, limit: 20 } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const useKudosCounts = (teamId: string | null, period: { from: string; to: string }) =>
  useQuery({
    queryKey: [...teamKeys.counts, teamId, period],
    queryFn: async ({ signal }) =>
      (
        await data(
          api.GET('/api/v1/people/kudos/counts', {
            params: { query: { ...period, ...(teamId ? { teamId } : {}) } },
            signal,
          }),
        )
      ).data,
  });

export function useGiveKudos() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { toStaffId: string; customerId?: string; caseId?: string; message: string }) =>
      data(api.POST('/api/v1/people/kudos', { body })),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: teamKeys.kudos });
      qc.invalidateQueries({ queryKey: teamKeys.counts });
    },
  });
}

export const useRewardOptions = () =>
  useQuery({
    queryKey: ['people', 'reward-options'],
    queryFn: ({ signal }) => data(api.GET('/api/v1/people/reward-preferences/options', { signal })),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useMyRewardPreference = () =>
  useQuery({
    queryKey: teamKeys.mine,
    queryFn: ({ signal }) => data(api.GET('/api/v1/people/reward-preferences/me', { signal })),
  });

export function useSetMyRewardPreference() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (choices: StaffChoice[]) =>
      data(api.PUT('/api/v1/people/reward-preferences/me', { body: { choices } })),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: teamKeys.mine });
      qc.invalidateQueries({ queryKey: teamKeys.summary });
    },
  });
}

export const useRewardSummary = (enabled: boolean) =>
  useQuery({
    queryKey: teamKeys.summary,
    enabled,
    queryFn: ({ signal }) => data(api.GET('/api/v1/people/reward-preferences/summary', { signal })),
  });

export const useCustomerRewardPreference = (customerId: string) =>
  useQuery({
    queryKey: teamKeys.customer(customerId),
    queryFn: ({ signal }) =>
      data(
        api.GET('/api/v1/people/customers/{customerId}/reward-preference', {
          params: { path: { customerId } },
          signal,
        }),
      ),
  });

export function useSetCustomerRewardPreference(customerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { choices: CustomerChoice[]; note: string | null }) =>
      data(
        api.PUT('/api/v1/people/customers/{customerId}/reward-preference', {
          params: { path: { customerId } },
          body,
        }),
      ),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: teamKeys.customer(customerId) });
      qc.invalidateQueries({ queryKey: teamKeys.summary });
    },
  });
}

/** A customer's cases (any status), to link a kudos to one. */
export const useCustomerCases = (customerId: string | null) =>
  useQuery({
    queryKey: ['people', 'kudos-cases', customerId],
    enabled: !!customerId,
    queryFn: async ({ signal }) =>
      (
        await data(
          api.GET('/api/v1/cases', {
            params: { query: { customerId: customerId as string, status: 'all', limit: 50 } },
            signal,
          }),
        )
      ).data,
  });
