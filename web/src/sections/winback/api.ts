import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { paths } from '../../api/schema';

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
export type WinbackSettings = Json<paths['/api/v1/winback/settings']['get']['responses'][200]>;
export type WinbackSettingsInput = Json<paths['/api/v1/winback/settings']['put']['requestBody']>;
export type WinbackRun = Json<paths['/api/v1/winback/run']['post']['responses'][200]>;
export type WinbackRuns = Json<paths['/api/v1/winback/runs']['get']['responses'][200]>;

const keys = { settings: ['winback', 'settings'] as const, runs: ['winback', 'runs'] as const };

export const useWinbackSettings = () =>
  useQuery({
    queryKey: keys.settings,
    queryFn: ({ signal }): Promise<WinbackSettings> => data(api.GET('/api/v1/winback/settings', { signal })),
  });

export const useWinbackRuns = () =>
  useQuery({
    queryKey: keys.runs,
    queryFn: ({ signal }): Promise<WinbackRuns> =>
      data(api.GET('/api/v1/winback/runs', { params: { query: {} }, signal })),
  });

export function useSaveWinbackSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: WinbackSettingsInput): Promise<WinbackSettings> =>
      data(api.PUT('/api/v1/winback/settings', { body })),
    onSuccess: (s) => qc.setQueryData(keys.settings, s),
  });
}

export function useRunWinback() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (dryRun: boolean): Promise<WinbackRun> =>
      data(api.POST('/api/v1/winback/run', { body: { dryRun } })),
    onSuccess: (r) => {
      if (!r.dryRun) void qc.invalidateQueries({ queryKey: keys.runs });
    },
  });
}
