import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { Case, CaseDetail, Outcome, RootCause, Task } from '../../api/types.ts';
import { customerKeys } from '../customers/api.ts';

/** Whose work the inbox shows: the signed-in rep's, their team's, or every open case (managers and admins). */
export type Scope = 'mine' | 'team' | 'all';
/** The manager's queue filters: team ('any', 'none' or an id), assignee ('any', 'unassigned' or an id), SLA state. */
export type QueueFilters = { team: string; assignee: string; sla: string };
export const noFilters: QueueFilters = { team: 'any', assignee: 'any', sla: 'any' };

export const workKeys = {
  all: ['work'] as const,
  cases: (scope: Scope, f: QueueFilters) => ['work', 'cases', scope, f] as const,
  teams: ['work', 'teams'] as const,
  tasks: ['work', 'tasks'] as const,
  one: (id: string) => ['work', 'case', id] as const,
  rootCauses: ['work', 'root-causes'] as const,
};

// New red flags reach a rep's inbox while it is open: cases arrive from the worker at any time.
const INBOX_POLL_MS = 15_000;

export const useInboxCases = (scope: Scope, f: QueueFilters = noFilters) =>
  useQuery({
    queryKey: workKeys.cases(scope, f),
    refetchInterval: INBOX_POLL_MS,
    queryFn: async ({ signal }): Promise<Case[]> => {
      const team = scope === 'team' ? 'mine' : f.team !== 'any' ? f.team : undefined;
      const query = {
        ...(scope === 'mine' ? { mine: 'true' as const } : {}),
        ...(team ? { team } : {}),
        ...(scope !== 'mine' && f.assignee === 'unassigned' ? { unassigned: 'true' as const } : {}),
        ...(scope !== 'mine' && f.assignee !== 'any' && f.assignee !== 'unassigned'
          ? { assigneeId: f.assignee }
          : {}),
        ...(scope !== 'mine' && f.sla !== 'any' ? { sla: f.sla } : {}),
      };
      const page = await data(
        api.GET('/api/v1/cases', { params: { query: { ...query, status: 'active', limit: 200 } }, signal }),
      );
      return page.data;
    },
  });

export const useTeamNames = () =>
  useQuery({
    queryKey: workKeys.teams,
    queryFn: async ({ signal }) =>
      (await data(api.GET('/api/v1/teams', { signal }))).data.map((t) => ({ id: t.id, name: t.name })),
    staleTime: 5 * 60_000,
  });

export type BulkAction =
  | { kind: 'reassign'; assigneeId: string; reason?: string }
  | { kind: 'snooze'; until: string; reason: string };

/** Reassigns or snoozes many cases; each succeeds or fails on its own (the answer says which). */
export function useBulkCases() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { caseIds: string[]; action: BulkAction }) =>
      data(api.POST('/api/v1/cases/bulk', { body: b })),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ['work'] }),
        qc.invalidateQueries({ queryKey: ['notifications'] }),
      ]),
  });
}

export const useMyTasks = (enabled: boolean) =>
  useQuery({
    queryKey: workKeys.tasks,
    refetchInterval: INBOX_POLL_MS,
    queryFn: async ({ signal }): Promise<Task[]> =>
      (await data(api.GET('/api/v1/tasks', { params: { query: { mine: 'true', status: 'open' } }, signal })))
        .data,
    enabled,
  });

const caseQuery = (id: string) =>
  queryOptions({
    queryKey: workKeys.one(id),
    queryFn: ({ signal }): Promise<CaseDetail> =>
      data(api.GET('/api/v1/cases/{id}', { params: { path: { id } }, signal })),
  });

export const useCase = (id: string) => useQuery(caseQuery(id));

export const useRootCauses = () =>
  useQuery({
    queryKey: workKeys.rootCauses,
    queryFn: async ({ signal }): Promise<RootCause[]> =>
      (await data(api.GET('/api/v1/loop/root-causes', { signal }))).data,
    staleTime: 5 * 60_000,
  });

/** The time a case is due by: first contact while none was made, then resolution. */
export function dueAt(c: Case): string | null {
  if (!c.firstContactAt && c.firstContactDueAt) return c.firstContactDueAt;
  return c.resolutionDueAt;
}

/** Overdue first, then the soonest due; cases without a deadline last. */
export function byDue(a: Case, b: Case): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const da = dueAt(a);
  const db = dueAt(b);
  if (da === db) return a.priority - b.priority;
  if (!da) return 1;
  if (!db) return -1;
  return da.localeCompare(db);
}

type CaseAction =
  | { kind: 'comment'; body: string }
  | { kind: 'snooze'; until: string; reason: string }
  | { kind: 'resolve'; outcome: Outcome; rootCauses: string[]; note?: string }
  | { kind: 'reopen'; reason: string }
  | { kind: 'reassign'; assigneeId: string; reason?: string };

function runAction(id: string, a: CaseAction): Promise<CaseDetail> {
  const path = { path: { id } };
  switch (a.kind) {
    case 'comment':
      return data(api.POST('/api/v1/cases/{id}/comments', { params: path, body: { body: a.body } }));
    case 'snooze':
      return data(
        api.POST('/api/v1/cases/{id}/snooze', { params: path, body: { until: a.until, reason: a.reason } }),
      );
    case 'resolve':
      return data(
        api.POST('/api/v1/cases/{id}/resolve', {
          params: path,
          body: { outcome: a.outcome, rootCauses: a.rootCauses, note: a.note },
        }),
      );
    case 'reassign':
      return data(
        api.POST('/api/v1/cases/{id}/reassign', {
          params: path,
          body: { assigneeId: a.assigneeId, reason: a.reason },
        }),
      );
    case 'reopen':
      return data(api.POST('/api/v1/cases/{id}/reopen', { params: path, body: { reason: a.reason } }));
  }
}

/** Every change answers with the case as it now is; the inbox is refreshed behind it. */
export function useCaseAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: CaseAction) => runAction(id, a),
    onSuccess: async (updated) => {
      qc.setQueryData(workKeys.one(id), updated);
      await Promise.all([
        qc.invalidateQueries({ queryKey: ['work', 'cases'] }),
        qc.invalidateQueries({ queryKey: workKeys.tasks }),
        qc.invalidateQueries({ queryKey: customerKeys.one(updated.customerId) }),
      ]);
    },
  });
}

export function useCompleteTask(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, note }: { taskId: string; note: string }) =>
      data(api.POST('/api/v1/tasks/{id}/complete', { params: { path: { id: taskId } }, body: { note } })),
    onSuccess: async (task) => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: workKeys.one(caseId) }),
        qc.invalidateQueries({ queryKey: workKeys.tasks }),
        qc.invalidateQueries({ queryKey: ['work', 'cases'] }),
        qc.invalidateQueries({ queryKey: customerKeys.one(task.customerId) }),
        qc.invalidateQueries({ queryKey: customerKeys.timeline(task.customerId) }),
      ]);
    },
  });
}
