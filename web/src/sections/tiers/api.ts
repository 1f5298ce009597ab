import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { Ok } from '../../api/types.ts';

export type Tier = Ok<'/api/v1/loyalty/tiers', 'get'>['data'][number];
export type TierDashboard = Ok<'/api/v1/loyalty/tiers/dashboard', 'get'>;
export type TierDraft = Omit<Tier, 'id'>;
export type OverrideDraft = { tierId: string | null; until: string; reason: string };

export const tierKeys = {
  list: ['loyalty', 'tiers'] as const,
  dashboard: ['loyalty', 'tiers', 'dashboard'] as const,
  customer: (customerId: string) => ['customer-tier', customerId] as const,
};

export const useTiers = () =>
  useQuery({
    queryKey: tierKeys.list,
    queryFn: ({ signal }) => data(api.GET('/api/v1/loyalty/tiers', { signal })),
  });

export const useTierDashboard = () =>
  useQuery({
    queryKey: tierKeys.dashboard,
    queryFn: ({ signal }) => data(api.GET('/api/v1/loyalty/tiers/dashboard', { signal })),
  });

/** Creates a tier, or replaces the one with `id`. */
export function useSaveTier() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: TierDraft }) =>
      id
        ? data(api.PUT('/api/v1/loyalty/tiers/{id}', { params: { path: { id } }, body }))
        : data(api.POST('/api/v1/loyalty/tiers', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: tierKeys.list }),
  });
}

export function useOverrideTier(customerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: OverrideDraft) =>
      data(
        api.PUT('/api/v1/loyalty/customers/{customerId}/tier-override', {
          params: { path: { customerId } },
          body,
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: tierKeys.customer(customerId) }),
  });
}

/** The customer's value on a tier's criterion, in words: "€310.00", "800 points", "200 days". */
export function criterionValue(
  criterion: Tier['criterion'],
  currency: string | null,
  value: number,
  money: (minor: number, currency: string) => string,
) {
  if (criterion === 'spend') return money(value, currency ?? 'EUR');
  return `${value.toLocaleString()} ${criterion === 'points' ? 'points' : 'days'}`;
}
