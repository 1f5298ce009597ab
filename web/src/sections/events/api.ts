import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { paths } from '../../api/schema';

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
export type CustomerEvent = Json<paths['/api/v1/loyalty/events/{id}']['get']['responses'][200]>;
export type NewEvent = Json<paths['/api/v1/loyalty/events']['post']['requestBody']>;
export type EventPatch = Json<paths['/api/v1/loyalty/events/{id}']['patch']['requestBody']>;
export type Attendee = Json<
  paths['/api/v1/loyalty/events/{id}/attendees']['get']['responses'][200]
>['data'][number];
export type EventReport = Json<paths['/api/v1/loyalty/events/{id}/report']['get']['responses'][200]>;

export const eventKeys = {
  all: ['events'] as const,
  one: (id: string) => ['events', id] as const,
  attendees: (id: string, q: string) => ['events', id, 'attendees', q] as const,
  report: (id: string) => ['events', id, 'report'] as const,
};

export const useEvents = () =>
  useQuery({
    queryKey: eventKeys.all,
    queryFn: async ({ signal }) => (await data(api.GET('/api/v1/loyalty/events', { signal }))).data,
  });

export const useEvent = (id: string) =>
  useQuery({
    queryKey: eventKeys.one(id),
    queryFn: ({ signal }) =>
      data(api.GET('/api/v1/loyalty/events/{id}', { params: { path: { id } }, signal })),
  });

export const useAttendees = (id: string, q: string) =>
  useQuery({
    queryKey: eventKeys.attendees(id, q),
    queryFn: async ({ signal }) =>
      (
        await data(
          api.GET('/api/v1/loyalty/events/{id}/attendees', {
            params: { path: { id }, query: { ...(q ? { q } : {}), limit: 200 } },
            signal,
          }),
        )
      ).data,
  });

export const useEventReport = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: eventKeys.report(id),
    enabled,
    queryFn: ({ signal }) =>
      data(
        api.GET('/api/v1/loyalty/events/{id}/report', {
          params: { path: { id }, query: { currency: 'USD' } },
          signal,
        }),
      ),
  });

export function useCreateEvent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewEvent) => data(api.POST('/api/v1/loyalty/events', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: eventKeys.all, exact: true }),
  });
}

export function useUpdateEvent(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: EventPatch) =>
      data(api.PATCH('/api/v1/loyalty/events/{id}', { params: { path: { id } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: eventKeys.all }),
  });
}

export function useInvite(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (segmentId: string) =>
      data(
        api.POST('/api/v1/loyalty/events/{id}/invitations', {
          params: { path: { id } },
          body: { segmentId },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: eventKeys.one(id) }),
  });
}

export function useCheckIn(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (customerId: string) =>
      data(
        api.POST('/api/v1/loyalty/events/{id}/attendees/{customerId}/check-in', {
          params: { path: { id, customerId } },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['events', id, 'attendees'] }),
  });
}

export const STATE_LABELS: Record<Attendee['state'], string> = {
  confirmed: 'Coming',
  waitlisted: 'Waitlist',
  invited: 'No answer',
  declined: 'Not coming',
  cancelled: 'Cancelled',
};
