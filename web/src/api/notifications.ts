import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from './client.ts';
import type { Ok } from './types.ts';

export type StaffNotification = Ok<'/api/v1/notifications', 'get'>['data'][number];
export const notificationsKey = ['notifications'] as const;

// Notices arrive from the worker at any time; the bell's count follows within this.
const POLL_MS = 30_000;

/** The signed-in staff member's in-app notifications, newest first, and how many are unread. */
export const useNotifications = (limit = 50) =>
  useQuery({
    queryKey: [...notificationsKey, limit],
    refetchInterval: POLL_MS,
    queryFn: ({ signal }) => data(api.GET('/api/v1/notifications', { params: { query: { limit } }, signal })),
  });

/** Marks one notification read (by id), or all of them (no id). */
export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id?: string) => {
      if (id) await api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } });
      else await data(api.POST('/api/v1/notifications/read-all', {}));
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationsKey }),
  });
}
