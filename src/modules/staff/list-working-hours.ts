import type { Ctx } from '../../kernel/context.ts';
import { isOnShift } from './find-on-shift.ts';
import { loadRoster } from './load-roster.ts';
import { nextStart, type WeeklyInterval } from './working-time.ts';

export type WorkingHours = {
  staffId: string;
  name: string;
  active: boolean;
  timeZone: string;
  teamId: string | null;
  /** Their own weekly hours, in their time zone; empty when they work their team's coverage. */
  intervals: WeeklyInterval[];
  /** Whose schedule applies: their own, their team's coverage, or none at all (always available). */
  follows: 'own' | 'team' | 'always';
  onShift: boolean;
  /** `at` when on shift, else when they next come on (null: deactivated, or a schedule with no hours ahead). */
  nextOnShiftAt: Date | null;
};

/** Everyone's working hours and whether they are on shift at `at`: the settings page's roster view. */
export async function listWorkingHours(
  ctx: Pick<Ctx, 'db'>,
  at: Date,
  staffId?: string,
): Promise<WorkingHours[]> {
  let own = ctx.db.selectFrom('staff_hours').selectAll();
  let zones = ctx.db.selectFrom('staff').select(['id', 'time_zone']);
  if (staffId) {
    own = own.where('staff_id', '=', staffId);
    zones = zones.where('id', '=', staffId);
  }
  const [roster, hours, tz] = await Promise.all([loadRoster(ctx), own.execute(), zones.execute()]);
  const zoneOf = new Map(tz.map((r) => [r.id, r.time_zone]));
  return [...roster.staff.values()]
    .filter((m) => zoneOf.has(m.id))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((m) => {
      const intervals = hours
        .filter((h) => h.staff_id === m.id)
        .map((h) => ({ weekday: h.weekday, startMinute: h.start_minute, endMinute: h.end_minute }))
        .sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute);
      const onShift = isOnShift(m, at);
      const next = !m.active ? undefined : onShift ? at : m.shift ? nextStart(m.shift, at) : at;
      return {
        staffId: m.id,
        name: m.name,
        active: m.active,
        timeZone: zoneOf.get(m.id) as string,
        teamId: m.teamId,
        intervals,
        follows: intervals.length ? 'own' : m.shift ? 'team' : 'always',
        onShift,
        nextOnShiftAt: next ?? null,
      };
    });
}
