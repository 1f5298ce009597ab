import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';
import { findOnShift, isOnShift, type Roster, type RosterMember } from '../staff/index.ts';

export type RouteReason =
  | 'owner-on-shift'
  | 'teammate-on-shift'
  | 'follow-the-sun'
  | 'queued-for-next-shift'
  | 'owner-no-schedule'
  | 'no-staff';
export type Routing = {
  teamId: string | null;
  assigneeId: string | null;
  queuedUntil: Date | null;
  reason: RouteReason;
};

/**
 * Picks the one with the least open work per unit of weight; ties go to whoever was given a case
 * longest ago, then by id, so the choice is the same in every process (weighted round-robin).
 * The counts come from `loop_staff_open_cases` (one row per candidate, kept at commit by a
 * trigger on loop_case) rather than from counting open cases, which grew with the backlog.
 */
async function leastLoaded(db: Kysely<Database>, members: RosterMember[]): Promise<RosterMember> {
  const rows = await db
    .selectFrom('loop_staff_open_cases')
    .select(['staff_id', 'open', 'last_assigned_at'])
    .where(
      'staff_id',
      'in',
      members.map((m) => m.id),
    )
    .execute();
  const load = new Map(
    rows.map((r) => [r.staff_id, { open: r.open, last: r.last_assigned_at?.getTime() ?? 0 }]),
  );
  const score = (m: RosterMember) => (load.get(m.id)?.open ?? 0) / m.weight;
  const sorted = [...members].sort(
    (a, b) =>
      score(a) - score(b) ||
      (load.get(a.id)?.last ?? 0) - (load.get(b.id)?.last ?? 0) ||
      a.id.localeCompare(b.id),
  );
  return sorted[0] as RosterMember;
}

/**
 * Who should own a new case at `at`: the customer's owner when on shift; else an on-shift member
 * of the owner's team; else, following the sun, an on-shift member of another team; else the case
 * waits, unassigned, in the queue of the team that comes on shift first.
 */
export async function routeCase(
  db: Kysely<Database>,
  roster: Roster,
  input: { ownerId: string | null; at: Date; exclude?: string[] },
): Promise<Routing> {
  const { at } = input;
  const excluded = new Set(input.exclude ?? []);
  const owner = input.ownerId ? roster.staff.get(input.ownerId) : undefined;
  if (owner && !excluded.has(owner.id) && isOnShift(owner, at)) {
    return { teamId: owner.teamId, assigneeId: owner.id, queuedUntil: null, reason: 'owner-on-shift' };
  }
  const teams = [...roster.teams.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
  );
  const ownTeam = owner?.teamId ?? null;
  const order = [...teams.filter((t) => t.id === ownTeam), ...teams.filter((t) => t.id !== ownTeam)];
  let next: { teamId: string; at: Date } | undefined;
  for (const team of order) {
    const { onShift, nextOnShiftAt } = findOnShift(roster, team.id, at);
    const candidates = onShift.filter((m) => !excluded.has(m.id));
    if (candidates.length) {
      const pick = await leastLoaded(db, candidates);
      return {
        teamId: team.id,
        assigneeId: pick.id,
        queuedUntil: null,
        reason: team.id === ownTeam ? 'teammate-on-shift' : 'follow-the-sun',
      };
    }
    // Strictly earlier wins, so the owner's team (first in order) keeps ties.
    if (nextOnShiftAt && nextOnShiftAt > at && (!next || nextOnShiftAt < next.at))
      next = { teamId: team.id, at: nextOnShiftAt };
  }
  if (next)
    return { teamId: next.teamId, assigneeId: null, queuedUntil: next.at, reason: 'queued-for-next-shift' };
  // No team has anyone who will ever be on shift: the owner is still better than nobody.
  if (owner?.active && !excluded.has(owner.id)) {
    return { teamId: owner.teamId, assigneeId: owner.id, queuedUntil: null, reason: 'owner-no-schedule' };
  }
  return { teamId: null, assigneeId: null, queuedUntil: null, reason: 'no-staff' };
}
