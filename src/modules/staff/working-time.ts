import { DateTime } from 'luxon';

/** A weekly interval in local wall-clock time: ISO weekday (1 = Monday) and minutes from midnight. */
export type WeeklyInterval = { weekday: number; startMinute: number; endMinute: number };
/** Weekly intervals in a time zone. No intervals means "always": a team without coverage never pauses a clock. */
export type Schedule = { timeZone: string; intervals: WeeklyInterval[] };

const MINUTE_MS = 60_000;
// A year and a bit: far enough for any SLA, bounded so a malformed schedule cannot loop forever.
const HORIZON_DAYS = 400;

/** Local midnight + minutes, by wall clock, so "09:00" stays 09:00 across a DST change. */
function atLocalMinute(day: DateTime, minute: number): number {
  if (minute >= 1440) return day.plus({ days: 1 }).startOf('day').toMillis();
  return day
    .set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 })
    .toMillis();
}

/**
 * The schedule's working windows as UTC millisecond pairs, in time order, starting with the local
 * day before `from` (an interval of yesterday may still be running) and going forward.
 */
function* windows(s: Schedule, from: Date): Generator<[number, number]> {
  let day = DateTime.fromJSDate(from, { zone: s.timeZone }).startOf('day').minus({ days: 1 });
  const byDay = new Map<number, WeeklyInterval[]>();
  for (const i of s.intervals) byDay.set(i.weekday, [...(byDay.get(i.weekday) ?? []), i]);
  for (const list of byDay.values()) list.sort((a, b) => a.startMinute - b.startMinute);
  for (let n = 0; n <= HORIZON_DAYS; n++, day = day.plus({ days: 1 })) {
    for (const i of byDay.get(day.weekday) ?? []) {
      yield [atLocalMinute(day, i.startMinute), atLocalMinute(day, i.endMinute)];
    }
  }
}

/** Whether `at` falls inside the schedule. */
export function isWithin(s: Schedule, at: Date): boolean {
  if (s.intervals.length === 0) return true;
  const t = at.getTime();
  for (const [start, end] of windows(s, at)) {
    if (start > t) return false;
    if (t < end) return true;
  }
  return false;
}

/** `at` itself when inside the schedule, else the next moment it starts (undefined if never). */
export function nextStart(s: Schedule, at: Date): Date | undefined {
  if (s.intervals.length === 0) return at;
  const t = at.getTime();
  for (const [start, end] of windows(s, at)) {
    if (t < end) return new Date(Math.max(start, t));
  }
  return undefined;
}

/**
 * The moment `minutes` of working time after `start`: time outside the schedule does not count.
 * An SLA of 4 business hours opened at 17:00 on a 09:00–18:00 team ends at 12:00 the next day.
 */
export function addWorkingMinutes(s: Schedule, start: Date, minutes: number): Date {
  if (s.intervals.length === 0) return new Date(start.getTime() + minutes * MINUTE_MS);
  let remaining = minutes * MINUTE_MS;
  const t = start.getTime();
  let last = t;
  for (const [ws, we] of windows(s, start)) {
    if (we <= t) continue;
    const begin = Math.max(ws, t, last);
    if (begin >= we) continue;
    if (we - begin >= remaining) return new Date(begin + remaining);
    remaining -= we - begin;
    last = we;
  }
  throw new Error(`The schedule in ${s.timeZone} has too little working time to fit ${minutes} minutes`);
}

/** "09:30" → 570; "24:00" is allowed as the end of a day. */
export function parseClock(hhmm: string): number {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new Error(`"${hhmm}" is not a time of day like 09:30`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 1440) throw new Error(`"${hhmm}" is later than 24:00`);
  return minutes;
}

export const formatClock = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
