import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { paths } from '../../api/schema';

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
export type Pulse = Json<paths['/api/v1/people/pulses/{id}']['get']['responses'][200]>;
export type PulseInput = paths['/api/v1/people/pulses']['post']['requestBody']['content']['application/json'];
export type PulseResults = Json<paths['/api/v1/people/pulses/{id}/results']['get']['responses'][200]>;
export type RoundResult = PulseResults['rounds'][number];
export type GroupResult = NonNullable<RoundResult['total']>;
export type PulseTrend = Json<paths['/api/v1/people/pulses/{id}/trend']['get']['responses'][200]>;
export type ResultsFilter = { roundId?: string; teamId?: string; questionId?: string };

const keys = {
  all: ['pulses'] as const,
  one: (id: string) => ['pulses', id] as const,
};

export const usePulses = () =>
  useQuery({
    queryKey: keys.all,
    queryFn: async ({ signal }) => (await data(api.GET('/api/v1/people/pulses', { signal }))).data,
  });

export const usePulse = (id: string) =>
  useQuery({
    queryKey: keys.one(id),
    queryFn: async ({ signal }) =>
      data(api.GET('/api/v1/people/pulses/{id}', { params: { path: { id } }, signal })),
  });

export const usePulseResults = (id: string, filter: ResultsFilter) =>
  useQuery({
    queryKey: [...keys.one(id), 'results', filter],
    queryFn: async ({ signal }) =>
      data(
        api.GET('/api/v1/people/pulses/{id}/results', { params: { path: { id }, query: filter }, signal }),
      ),
  });

export const usePulseTrend = (id: string, days: number) =>
  useQuery({
    queryKey: [...keys.one(id), 'trend', days],
    queryFn: async ({ signal }) =>
      data(
        api.GET('/api/v1/people/pulses/{id}/trend', { params: { path: { id }, query: { days } }, signal }),
      ),
  });

export function useCreatePulse() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PulseInput) => data(api.POST('/api/v1/people/pulses', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.all }),
  });
}

export function useOpenRound(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => data(api.POST('/api/v1/people/pulses/{id}/rounds', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.one(id) }),
  });
}

export function useCloseRound(id: string) {
  const qc = useQueryClient();
  return useMutation({
    // 204: no body to read (errors are thrown by the client's middleware).
    mutationFn: async (roundId: string) => {
      await api.POST('/api/v1/people/pulses/{id}/rounds/{roundId}/close', {
        params: { path: { id, roundId } },
      });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.one(id) }),
  });
}

export function useArchivePulse(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await api.DELETE('/api/v1/people/pulses/{id}', { params: { path: { id } } });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.all }),
  });
}
