import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { paths } from '../../api/schema';

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
export type Segment = Json<paths['/api/v1/segments/{id}']['get']['responses'][200]>;
export type NewSegment = Json<paths['/api/v1/segments']['post']['requestBody']>;
export type Definition = NewSegment['definition'];
export type Field = Json<paths['/api/v1/segments/fields']['get']['responses'][200]>['data'][number];
export type Preview = Json<paths['/api/v1/segments/preview']['post']['responses'][200]>;

export const segmentKeys = {
  all: ['segments'] as const,
  one: (id: string) => ['segments', id] as const,
  fields: ['segments', 'fields'] as const,
  preview: (definition: string) => ['segments', 'preview', definition] as const,
};

export const useSegments = () =>
  useQuery({
    queryKey: segmentKeys.all,
    queryFn: async ({ signal }): Promise<Segment[]> =>
      (await data(api.GET('/api/v1/segments', { signal }))).data,
  });

export const useSegment = (id: string | undefined) =>
  useQuery({
    queryKey: segmentKeys.one(id ?? ''),
    queryFn: ({ signal }): Promise<Segment> =>
      data(api.GET('/api/v1/segments/{id}', { params: { path: { id: id ?? '' } }, signal })),
    enabled: !!id,
  });

export const useSegmentFields = () =>
  useQuery({
    queryKey: segmentKeys.fields,
    queryFn: async ({ signal }): Promise<Field[]> =>
      (await data(api.GET('/api/v1/segments/fields', { signal }))).data,
    staleTime: Number.POSITIVE_INFINITY,
  });

/**
 * The live count and sample of a definition as last typed (the caller debounces, and passes it
 * as JSON so equal definitions share one answer). While the next answer is on its way, the last
 * one stays on screen instead of flickering.
 */
export const usePreview = (definitionJson: string) =>
  useQuery({
    queryKey: segmentKeys.preview(definitionJson),
    queryFn: ({ signal }): Promise<Preview> =>
      data(
        api.POST('/api/v1/segments/preview', {
          body: { definition: JSON.parse(definitionJson) as Definition },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
    retry: false,
  });

export function useSaveSegment(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewSegment): Promise<Segment> =>
      id
        ? data(api.PUT('/api/v1/segments/{id}', { params: { path: { id } }, body }))
        : data(api.POST('/api/v1/segments', { body })),
    onSuccess: async (s) => {
      qc.setQueryData(segmentKeys.one(s.id), s);
      await qc.invalidateQueries({ queryKey: segmentKeys.all, exact: true });
    },
  });
}

export function useDeleteSegment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      // 204: no body to read; errors were thrown by the middleware.
      await api.DELETE('/api/v1/segments/{id}', { params: { path: { id } } });
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: segmentKeys.all, exact: true });
    },
  });
}
