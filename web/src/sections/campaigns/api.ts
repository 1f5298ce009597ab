import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { paths } from '../../api/schema';

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
export type Campaign = Json<paths['/api/v1/campaigns/{id}']['get']['responses'][200]>;
export type CampaignRow = Json<paths['/api/v1/campaigns']['get']['responses'][200]>['data'][number];
export type NewCampaign = Json<paths['/api/v1/campaigns']['post']['requestBody']>;
export type Mail = Json<paths['/api/v1/campaigns/{id}/preview']['post']['responses'][200]>;

export const campaignKeys = { all: ['campaigns'] as const, one: (id: string) => ['campaigns', id] as const };

export const useCampaigns = () =>
  useQuery({
    queryKey: campaignKeys.all,
    queryFn: async ({ signal }): Promise<CampaignRow[]> =>
      (await data(api.GET('/api/v1/campaigns', { signal }))).data,
  });

export const useCampaign = (id: string) =>
  useQuery({
    queryKey: campaignKeys.one(id),
    queryFn: ({ signal }): Promise<Campaign> =>
      data(api.GET('/api/v1/campaigns/{id}', { params: { path: { id }, query: {} }, signal })),
    // A launch runs as a job on the server: poll until every run has its snapshot.
    refetchInterval: (q) =>
      q.state.data?.status === 'scheduled' || q.state.data?.runs.some((r) => r.status === 'launching')
        ? 1500
        : false,
  });

export function useCreateCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewCampaign): Promise<CampaignRow> => data(api.POST('/api/v1/campaigns', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: campaignKeys.all, exact: true }),
  });
}

export const usePreviewCampaign = (id: string) =>
  useMutation({
    mutationFn: (customerId: string): Promise<Mail> =>
      data(api.POST('/api/v1/campaigns/{id}/preview', { params: { path: { id } }, body: { customerId } })),
  });

export const useTestSend = (id: string) =>
  useMutation({
    mutationFn: (customerId: string) =>
      data(api.POST('/api/v1/campaigns/{id}/test-send', { params: { path: { id } }, body: { customerId } })),
  });

export function useLaunchCampaign(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => data(api.POST('/api/v1/campaigns/{id}/launch', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: campaignKeys.all }),
  });
}
