import { AppError } from '../../../kernel/errors.ts';
import { minutesOf } from '../local-time.ts';
import type { Schedule } from './schemas.ts';

// The earliest zone on Earth (UTC+14): an occurrence is due once its local time has come there.
const EARLIEST_ZONE = 'Pacific/Kiritimati';
const DAY_MS = 86_400_000;

/** The schedule's time must fall inside the send window, or no customer could get it on time. */
export function checkSchedule(s: Schedule, window: { start: string; end: string }): void {
  const at = minutesOf(s.at);
  if (at < minutesOf(window.start) || at >= minutesOf(window.end))
    throw new AppError(
      'validation_failed',
      `schedule.at: ${s.at} is outside the send window ${window.start}–${window.end}`,
      { field: 'schedule' },
    );
}

const parts = (at: Date, timeZone: string) => {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
};

/**
 * The instant at which a zone's wall clock shows `date` `hhmm` ("2030-04-01", "10:00"). Two
 * corrections by the zone's offset settle it, daylight-saving shifts included; a time that does
 * not exist (inside a spring-forward gap) comes out as the moment just after the gap.
 */
export function localInstant(date: string, hhmm: string, timeZone: string): Date {
  const wall = Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8, 10)),
    Number(hhmm.slice(0, 2)),
    Number(hhmm.slice(3, 5)),
  );
  let t = wall;
  for (let i = 0; i < 2; i++) t = wall - (parts(new Date(t), timeZone) - t);
  return new Date(t);
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function matches(s: Schedule, date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  if (s.every === 'month') return d.getUTCDate() === s.day;
  return ((d.getUTCDay() + 6) % 7) + 1 === s.weekday;
}

/**
 * The latest occurrence (its local date) that is due at `now` and not before the campaign was
 * activated; null when none is. Only the latest: a missed March newsletter is not sent in May.
 */
export function dueOccurrence(s: Schedule, now: Date, activatedAt: Date): string | null {
  const since = isoDate(activatedAt.getTime());
  for (let back = -1; back <= 32; back++) {
    const date = isoDate(now.getTime() - back * DAY_MS);
    if (date < since) return null;
    if (!matches(s, date)) continue;
    if (localInstant(date, s.at, EARLIEST_ZONE).getTime() <= now.getTime()) return date;
  }
  return null;
}
