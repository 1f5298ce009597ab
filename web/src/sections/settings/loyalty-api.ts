import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { Ok } from '../../api/types.ts';

export type EarnRule = Ok<'/api/v1/loyalty/earn-rules', 'get'>['data'][number];
export type LoyaltySettings = Ok<'/api/v1/loyalty/settings', 'get'>;
export type DryRun = Ok<'/api/v1/loyalty/earn-rules/dry-run', 'post'>;
export type RuleDraft = { name: string; condition: string; points: string };

const keys = { rules: ['loyalty', 'earn-rules'] as const, settings: ['loyalty', 'settings'] as const };

export const useEarnRules = () =>
  useQuery({
    queryKey: keys.rules,
    queryFn: ({ signal }) => data(api.GET('/api/v1/loyalty/earn-rules', { signal })),
  });

export const useLoyaltySettings = () =>
  useQuery({
    queryKey: keys.settings,
    queryFn: ({ signal }) => data(api.GET('/api/v1/loyalty/settings', { signal })),
  });

export function useSaveLoyaltySettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LoyaltySettings) => data(api.PUT('/api/v1/loyalty/settings', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.settings }),
  });
}

export function useAddEarnRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RuleDraft) =>
      data(api.POST('/api/v1/loyalty/earn-rules', { body: { ...body, enabled: true } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.rules }),
  });
}

export function useDeleteEarnRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      data(api.DELETE('/api/v1/loyalty/earn-rules/{id}', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.rules }),
  });
}

export const useDryRun = () =>
  useMutation({
    mutationFn: (rules: RuleDraft[]) =>
      data(
        api.POST('/api/v1/loyalty/earn-rules/dry-run', { body: { rules, days: 365, maxPurchases: 50_000 } }),
      ),
  });
