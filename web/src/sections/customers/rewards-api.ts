import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { Ok } from '../../api/types.ts';
import { loyaltyKeys } from './loyalty-api.ts';

export type Reward = Ok<'/api/v1/loyalty/rewards', 'get'>['data'][number];
export type Redemption = Ok<'/api/v1/loyalty/customers/{customerId}/redemptions', 'get'>['data'][number];

export const rewardKeys = {
  catalogue: ['loyalty', 'rewards'] as const,
  redemptions: (id: string) => ['loyalty', id, 'redemptions'] as const,
};

/** A fresh idempotency key per click: a retried request redeems once, a second click is a second redemption. */
export const newKey = () => crypto.randomUUID();

export const useRewards = (activeOnly = false) =>
  useQuery({
    queryKey: [...rewardKeys.catalogue, activeOnly],
    queryFn: ({ signal }) =>
      data(
        api.GET('/api/v1/loyalty/rewards', {
          params: { query: activeOnly ? { active: 'true' } : {} },
          signal,
        }),
      ),
  });

export const useRedemptions = (customerId: string) =>
  useQuery({
    queryKey: rewardKeys.redemptions(customerId),
    queryFn: ({ signal }) =>
      data(
        api.GET('/api/v1/loyalty/customers/{customerId}/redemptions', {
          params: { path: { customerId }, query: { limit: 10 } },
          signal,
        }),
      ),
  });

const useRefresh = (customerId: string) => {
  const qc = useQueryClient();
  return () => {
    qc.invalidateQueries({ queryKey: rewardKeys.redemptions(customerId) });
    qc.invalidateQueries({ queryKey: loyaltyKeys.points(customerId) });
    qc.invalidateQueries({ queryKey: loyaltyKeys.history(customerId) });
    qc.invalidateQueries({ queryKey: rewardKeys.catalogue });
  };
};

export function useRedeem(customerId: string) {
  const refresh = useRefresh(customerId);
  return useMutation({
    mutationFn: (rewardId: string) =>
      data(
        api.POST('/api/v1/loyalty/customers/{customerId}/redemptions', {
          params: { path: { customerId } },
          body: { rewardId, key: newKey() },
        }),
      ),
    onSuccess: refresh,
  });
}

export type GiftFrom = { kind: 'case' | 'call'; ref: string };

export function useSendGift(customerId: string) {
  const refresh = useRefresh(customerId);
  return useMutation({
    mutationFn: (b: { rewardId: string; from: GiftFrom; note: string | null }) =>
      data(
        api.POST('/api/v1/loyalty/customers/{customerId}/gifts', {
          params: { path: { customerId } },
          body: { ...b, key: newKey() },
        }),
      ),
    onSuccess: refresh,
  });
}

export const useRewardsLink = () =>
  useMutation({
    mutationFn: (customerId: string) =>
      data(
        api.GET('/api/v1/loyalty/customers/{customerId}/rewards-link', {
          params: { path: { customerId } },
        }),
      ),
  });
