import { queryOptions, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, data } from './client.ts';
import type { Staff } from './types.ts';

export const staffKey = ['staff'] as const;

/** All staff users: for owner pickers and for naming who did what on a timeline. */
export const staffQuery = queryOptions({
  queryKey: staffKey,
  queryFn: async (): Promise<Staff[]> => (await data(api.GET('/api/v1/staff'))).data,
  staleTime: 5 * 60_000,
});

export const useStaffList = () => useQuery(staffQuery);

export function useStaffById(): Map<string, Staff> {
  const { data: list } = useStaffList();
  return useMemo(() => new Map((list ?? []).map((s) => [s.id, s])), [list]);
}
