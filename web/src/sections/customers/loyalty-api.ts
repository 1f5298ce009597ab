import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { Ok } from '../../api/types.ts';

export type Points = Ok<'/api/v1/loyalty/customers/{customerId}/points', 'get'>;
export type PointsEntry = Ok<'/api/v1/loyalty/customers/{customerId}/history', 'get'>['data'][number];

export const loyaltyKeys = {
  points: (id: string) => ['loyalty', id, 'points'] as const,
  history: (id: string) => ['loyalty', id, 'history'] as const,
};

export const usePoints = (id: string) =>
  useQuery({
    queryKey: loyaltyKeys.points(id),
    queryFn: ({ signal }) =>
      data(
        api.GET('/api/v1/loyalty/customers/{customerId}/points', {
          params: { path: { customerId: id } },
          signal,
        }),
      ),
  });

/** The ledger newest first, a page at a time ("Show more" follows the cursor). */
export const usePointsHistory = (id: string) =>
  useInfiniteQuery({
    queryKey: loyaltyKeys.history(id),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last: { next: number | null }) => last.next ?? undefined,
    queryFn: ({ pageParam, signal }) =>
      data(
        api.GET('/api/v1/loyalty/customers/{customerId}/history', {
          params: { path: { customerId: id }, query: { limit: 10, ...(pageParam && { before: pageParam }) } },
          signal,
        }),
      ),
  });
