import type { Principal } from '../../kernel/http/access.ts';

type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;
type Entry = {
  principal: StaffPrincipal;
  /** The earliest of the session's expiry, its maximum age and its idle timeout, in ms. */
  validUntil: number;
  lastSeen: number;
  /** When this process asks the database again (a change made by another process shows by then). */
  until: number;
};

// A revocation made by another process (sign-out, password change, deactivation, role change)
// takes effect here within this many milliseconds, as for API keys; one made by this process
// takes effect at once, through forgetSession/forgetStaffSessions.
export const SESSION_CACHE_MS = 10_000;
const MAX_ENTRIES = 10_000;

const entries = new Map<string, Entry>();
// Moves on every revocation: a lookup that read the database before a revocation committed must
// not put what it read into the cache after the revocation cleared it.
let epoch = 0;

/** The current epoch, to pass to `remember` with what a lookup reads after taking it. */
export const sessionEpoch = () => epoch;

/** A cached session that is still valid at `now` and whose last-seen time needs no write yet. */
export function cachedSession(
  tokenHash: string,
  now: number,
  lastSeenEveryMs: number,
): StaffPrincipal | undefined {
  const e = entries.get(tokenHash);
  if (!e) return undefined;
  if (now >= e.until || now >= e.validUntil || now - e.lastSeen >= lastSeenEveryMs) {
    entries.delete(tokenHash);
    return undefined;
  }
  return e.principal;
}

export function rememberSession(tokenHash: string, entry: Omit<Entry, 'until'>, now: number, readAt: number) {
  if (readAt !== epoch) return;
  // Bounded: the oldest entry goes first (a Map iterates in insertion order).
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  entries.set(tokenHash, { ...entry, until: now + SESSION_CACHE_MS });
}

/** Sign-out: call after the session row is deleted. */
export function forgetSession(tokenHash: string): void {
  epoch++;
  entries.delete(tokenHash);
}

/** Password change or reset, deactivation, role or name change: call after the change commits. */
export function forgetStaffSessions(staffId: string): void {
  epoch++;
  for (const [hash, e] of entries) if (e.principal.id === staffId) entries.delete(hash);
}
