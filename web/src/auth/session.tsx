import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';
import { ApiError, api, data } from '../api/client.ts';
import type { Role, StaffMe } from '../api/types.ts';

export const meKey = ['me'] as const;

/** Who is signed in: the staff member, null when nobody is (or the session ended). */
export const meQuery = queryOptions({
  queryKey: meKey,
  queryFn: async (): Promise<StaffMe | null> => {
    try {
      const me = await data(api.GET('/api/auth/me'));
      return me.kind === 'staff' ? me : null;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  },
  staleTime: Number.POSITIVE_INFINITY,
  retry: false,
});

export const useMe = () => useQuery(meQuery);

const SessionContext = createContext<StaffMe | null>(null);

export function SessionProvider({ staff, children }: { staff: StaffMe; children: ReactNode }) {
  return <SessionContext.Provider value={staff}>{children}</SessionContext.Provider>;
}

/** The signed-in staff member; only used inside the signed-in app. */
export function useSession(): StaffMe {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the signed-in app');
  return s;
}

export const hasRole = (staff: StaffMe, roles: readonly Role[]): boolean => roles.includes(staff.role);

/**
 * Ends the session and takes everything it showed off the screen. "Nobody" is set on the
 * session query first, so the app swaps the workspace for the sign-in page; then every other
 * cached answer goes. (Clearing the whole cache first dropped the very query the app watches,
 * and the workspace stayed on screen after signing out.)
 */
export function useSignOut() {
  const qc = useQueryClient();
  return async () => {
    try {
      await api.POST('/api/auth/logout');
    } finally {
      qc.setQueryData(meKey, null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
      qc.getMutationCache().clear();
    }
  };
}
