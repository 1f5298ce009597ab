import type { Ctx } from '../../kernel/context.ts';
import type { Schedule, WeeklyInterval } from './working-time.ts';

export type RosterTeam = {
  id: string;
  name: string;
  timeZone: string;
  managerId: string | null;
  coverage: Schedule;
};
export type RosterMember = {
  id: string;
  name: string;
  email: string;
  active: boolean;
  teamId: string | null;
  weight: number;
  /** Their own hours in their own time zone, or their team's coverage when they set none. */
  shift: Schedule | null;
};
export type Roster = { teams: Map<string, RosterTeam>; staff: Map<string, RosterMember> };

const toInterval = (r: { weekday: number; start_minute: number; end_minute: number }): WeeklyInterval => ({
  weekday: r.weekday,
  startMinute: r.start_minute,
  endMinute: r.end_minute,
});

/**
 * Everyone who can be routed work, with their shifts, in four small queries: routing decides in
 * memory from this, so one decision never issues a query per candidate.
 */
export async function loadRoster(ctx: Pick<Ctx, 'db'>): Promise<Roster> {
  const [teams, coverage, staff, hours] = await Promise.all([
    ctx.db.selectFrom('team').selectAll().execute(),
    ctx.db.selectFrom('team_coverage').selectAll().execute(),
    ctx.db
      .selectFrom('staff')
      .leftJoin('team_member', 'team_member.staff_id', 'staff.id')
      .select([
        'staff.id',
        'staff.name',
        'staff.email',
        'staff.active',
        'staff.time_zone',
        'team_member.team_id',
        'team_member.weight',
      ])
      .execute(),
    ctx.db.selectFrom('staff_hours').selectAll().execute(),
  ]);
  const roster: Roster = { teams: new Map(), staff: new Map() };
  for (const t of teams) {
    const intervals = coverage.filter((c) => c.team_id === t.id).map(toInterval);
    roster.teams.set(t.id, {
      id: t.id,
      name: t.name,
      timeZone: t.time_zone,
      managerId: t.manager_id,
      coverage: { timeZone: t.time_zone, intervals },
    });
  }
  for (const s of staff) {
    const own = hours.filter((h) => h.staff_id === s.id).map(toInterval);
    const team = s.team_id ? roster.teams.get(s.team_id) : undefined;
    roster.staff.set(s.id, {
      id: s.id,
      name: s.name,
      email: s.email,
      active: s.active,
      teamId: s.team_id ?? null,
      weight: s.weight ?? 1,
      shift: own.length ? { timeZone: s.time_zone, intervals: own } : (team?.coverage ?? null),
    });
  }
  return roster;
}
