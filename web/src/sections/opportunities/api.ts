import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { paths } from '../../api/schema';

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
export type Opportunity = Json<
  paths['/api/v1/people/opportunities']['get']['responses'][200]
>['data'][number];
export type RevenueReport = Json<paths['/api/v1/people/opportunities-report']['get']['responses'][200]>;
export type FlagBody = NonNullable<
  paths['/api/v1/people/opportunities']['post']['requestBody']
>['content']['application/json'];
export type Stage = Opportunity['stage'];
export const STAGES: Stage[] = ['open', 'qualified', 'won', 'lost'];

export const useOpportunities = (q: { repId?: string; customerId?: string } = {}) =>
  useQuery({
    queryKey: ['opportunities', 'list', q],
    queryFn: async ({ signal }) =>
      (
        await data(
          api.GET('/api/v1/people/opportunities', { params: { query: { ...q, limit: 200 } }, signal }),
        )
      ).data,
  });

export const useRevenueReport = (q: { from: string; to: string; teamId?: string; repId?: string }) =>
  useQuery({
    queryKey: ['opportunities', 'report', q],
    queryFn: async ({ signal }) =>
      data(api.GET('/api/v1/people/opportunities-report', { params: { query: q }, signal })),
  });

export function useFlagOpportunity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: FlagBody) => data(api.POST('/api/v1/people/opportunities', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['opportunities'] }),
  });
}

export function useMoveOpportunity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; stage: 'open' | 'qualified' | 'lost' }) =>
      data(
        api.POST('/api/v1/people/opportunities/{id}/stage', {
          params: { path: { id: v.id } },
          body: { stage: v.stage },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['opportunities'] }),
  });
}
