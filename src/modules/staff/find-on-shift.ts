import type { Roster, RosterMember } from './load-roster.ts';
import { isWithin, nextStart } from './working-time.ts';

/** Active and inside their shift; someone with no schedule at all is always available. */
export const isOnShift = (m: RosterMember, at: Date): boolean =>
  m.active && (m.shift === null || isWithin(m.shift, at));

/**
 * Who of a team is on shift at `at`, and if nobody is, when the first of them comes on. Routing
 * uses both: the on-shift members get the work now, otherwise it waits for the earliest start.
 */
export function findOnShift(
  roster: Roster,
  teamId: string,
  at: Date,
): { onShift: RosterMember[]; nextOnShiftAt: Date | undefined } {
  const members = [...roster.staff.values()].filter((m) => m.teamId === teamId && m.active);
  const onShift = members.filter((m) => isOnShift(m, at));
  if (onShift.length) return { onShift, nextOnShiftAt: at };
  let next: Date | undefined;
  for (const m of members) {
    const s = m.shift ? nextStart(m.shift, at) : at;
    if (s && (!next || s < next)) next = s;
  }
  return { onShift, nextOnShiftAt: next };
}
