import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { Case, Channel, Interaction, Task } from '../../api/types.ts';
import { customerKeys } from './api.ts';

// Under the inbox's keys (['work', 'cases'], ['work', 'tasks']), so that resolving a case or
// completing a task anywhere refreshes the 360's lists too.
const keys = {
  cases: (id: string) => ['work', 'cases', 'customer', id] as const,
  tasks: (id: string) => ['work', 'tasks', 'customer', id] as const,
};

/** The customer's open cases, most urgent first. */
export const useCustomerCases = (customerId: string) =>
  useQuery({
    queryKey: keys.cases(customerId),
    // Cases open from the worker at any moment: whoever opens the 360 sees the current state.
    staleTime: 0,
    queryFn: async ({ signal }): Promise<Case[]> =>
      (
        await data(
          api.GET('/api/v1/cases', {
            params: { query: { customerId, status: 'active', limit: 50 } },
            signal,
          }),
        )
      ).data,
  });

/** The customer's open tasks and promises, soonest due first. */
export const useCustomerTasks = (customerId: string) =>
  useQuery({
    queryKey: keys.tasks(customerId),
    staleTime: 0,
    queryFn: async ({ signal }): Promise<Task[]> =>
      (await data(api.GET('/api/v1/tasks', { params: { query: { customerId, status: 'open' } }, signal })))
        .data,
  });

/** The latest survey answers (NPS, CSAT, CES) from the timeline. */
export const useLatestAnswers = (customerId: string) =>
  useQuery({
    queryKey: [...customerKeys.timeline(customerId), 'answers'],
    queryFn: async ({ signal }): Promise<Interaction[]> =>
      (
        await data(
          api.GET('/api/v1/customers/{id}/timeline', {
            params: { path: { id: customerId }, query: { kind: 'survey-response', limit: 3 } },
            signal,
          }),
        )
      ).data,
  });

export function useMakePromise(customerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (p: { id: string; title: string; dueAt: string }) =>
      data(api.POST('/api/v1/promises', { body: { ...p, customerId } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['work', 'tasks'] }),
  });
}

/** Keeps a promise (or completes any task) by logging what was done; it lands on the timeline. */
export function useKeepPromise(customerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, note, channel }: { taskId: string; note: string; channel?: Channel }) =>
      data(
        api.POST('/api/v1/tasks/{id}/complete', {
          params: { path: { id: taskId } },
          body: { note, channel },
        }),
      ),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ['work'] }),
        qc.invalidateQueries({ queryKey: customerKeys.one(customerId) }),
        qc.invalidateQueries({ queryKey: customerKeys.timeline(customerId) }),
      ]),
  });
}
