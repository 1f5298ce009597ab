import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import { staffKey } from '../../api/staff.ts';
import type { Ok } from '../../api/types.ts';

export type Team = Ok<'/api/v1/teams', 'get'>['data'][number];
export type Interval = Team['coverage'][number];
export type StaffHours = Ok<'/api/v1/staff/hours', 'get'>['data'][number];
export type ContactRule = Ok<'/api/v1/outreach/rules', 'get'>['data'][number];
export type MailSettings = Ok<'/api/v1/settings/mail', 'get'>;

export const settingsKeys = {
  teams: ['settings', 'teams'] as const,
  hours: ['settings', 'hours'] as const,
  rules: ['settings', 'contact-rules'] as const,
  mail: ['settings', 'mail'] as const,
};

// Who is on shift changes with the clock: refresh while the screen is open.
const shiftRefresh = 60_000;

export const useTeams = () =>
  useQuery({
    queryKey: settingsKeys.teams,
    queryFn: async ({ signal }): Promise<Team[]> => (await data(api.GET('/api/v1/teams', { signal }))).data,
    refetchInterval: shiftRefresh,
  });

export const useStaffHours = () =>
  useQuery({
    queryKey: settingsKeys.hours,
    queryFn: async ({ signal }): Promise<StaffHours[]> =>
      (await data(api.GET('/api/v1/staff/hours', { signal }))).data,
    refetchInterval: shiftRefresh,
  });

export const useContactRules = () =>
  useQuery({
    queryKey: settingsKeys.rules,
    queryFn: async ({ signal }): Promise<ContactRule[]> =>
      (await data(api.GET('/api/v1/outreach/rules', { signal }))).data,
  });

export const useMailSettings = () =>
  useQuery({
    queryKey: settingsKeys.mail,
    queryFn: ({ signal }): Promise<MailSettings> => data(api.GET('/api/v1/settings/mail', { signal })),
  });

/**
 * Teams, members and hours feed each other (a member's shift may be their team's coverage, and
 * joining a team moves someone out of another), so any change refreshes all three.
 */
function useRosterInvalidation() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: settingsKeys.teams }),
      qc.invalidateQueries({ queryKey: settingsKeys.hours }),
      qc.invalidateQueries({ queryKey: staffKey }),
    ]);
}

export type TeamFields = { name: string; timeZone: string; managerId: string | null };

export function useSaveTeam() {
  const refresh = useRosterInvalidation();
  return useMutation({
    mutationFn: ({ id, ...body }: TeamFields & { id?: string }) =>
      id
        ? data(api.PATCH('/api/v1/teams/{id}', { params: { path: { id } }, body }))
        : data(api.POST('/api/v1/teams', { body })),
    onSuccess: refresh,
  });
}

export function useSetCoverage() {
  const refresh = useRosterInvalidation();
  return useMutation({
    mutationFn: ({ id, intervals }: { id: string; intervals: Interval[] }) =>
      data(api.PUT('/api/v1/teams/{id}/coverage', { params: { path: { id } }, body: { intervals } })),
    onSuccess: refresh,
  });
}

export function useSetMembers() {
  const refresh = useRosterInvalidation();
  return useMutation({
    mutationFn: ({ id, members }: { id: string; members: { staffId: string; weight: number }[] }) =>
      data(api.PUT('/api/v1/teams/{id}/members', { params: { path: { id } }, body: { members } })),
    onSuccess: refresh,
  });
}

export function useSetHours() {
  const refresh = useRosterInvalidation();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; timeZone: string; intervals: Interval[] }) =>
      data(api.PUT('/api/v1/staff/{id}/hours', { params: { path: { id } }, body })),
    onSuccess: refresh,
  });
}

export function useSaveRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ purpose, ...body }: ContactRule) =>
      data(api.PUT('/api/v1/outreach/rules/{purpose}', { params: { path: { purpose } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: settingsKeys.rules }),
  });
}

export function useDeleteRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (purpose: string) => {
      await api.DELETE('/api/v1/outreach/rules/{purpose}', { params: { path: { purpose } } });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: settingsKeys.rules }),
  });
}

export const useSendTestMail = () =>
  useMutation({
    mutationFn: (to: string) => data(api.POST('/api/v1/settings/mail/test', { body: { to } })),
  });
