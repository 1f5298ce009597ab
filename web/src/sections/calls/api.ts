import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { paths } from '../../api/schema';

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
export type CallItem = Json<paths['/api/v1/calls/today']['get']['responses'][200]>['data'][number];

export const callKeys = { today: (repId: string | undefined) => ['calls', 'today', repId ?? 'me'] as const };

/** A rep's check-ins for today (the signed-in rep's when `repId` is not given). */
export const useCallsToday = (repId: string | undefined) =>
  useQuery({
    queryKey: callKeys.today(repId),
    queryFn: async ({ signal }): Promise<CallItem[]> =>
      (await data(api.GET('/api/v1/calls/today', { params: { query: repId ? { repId } : {} }, signal })))
        .data,
    // Calls are logged in the 360: coming back to the list must show them ticked off.
    refetchOnMount: 'always',
  });

export function useSkipCall() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; reason: string }) =>
      data(
        api.POST('/api/v1/calls/{id}/skip', { params: { path: { id: v.id } }, body: { reason: v.reason } }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['calls'] }),
  });
}
