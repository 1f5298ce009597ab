import { inSpan, localClock, minutesOf } from '../local-time.ts';

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC in minutes at an instant (+60 for Paris in winter). */
function offsetMinutes(at: Date, timeZone: string): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    offsetFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, Number(x.value)]));
  const wall = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0);
  return Math.round((wall - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant a wall-clock time (`minutes` after local midnight) on `day` (YYYY-MM-DD) has in a
 * zone. The offset is read twice so a time just after a daylight-saving shift lands right.
 */
export function localInstant(day: string, minutes: number, timeZone: string): Date {
  const wall = Date.parse(`${day}T00:00:00Z`) + minutes * 60_000;
  let at = new Date(wall - offsetMinutes(new Date(wall), timeZone) * 60_000);
  at = new Date(wall - offsetMinutes(at, timeZone) * 60_000);
  return at;
}

const STEP = 5;

/**
 * When to call a customer on `day`: the list's calling hours in the customer's zone, less their
 * quiet hours — the first stretch of at least 30 minutes (in 5-minute steps) outside them. Null
 * when quiet hours leave no such stretch.
 */
export function dueWindow(
  day: string,
  timeZone: string,
  hours: { from: string; to: string },
  quiet: { from: string; to: string } | null,
): { from: Date; to: Date } | null {
  const end = minutesOf(hours.to);
  let start: number | null = null;
  for (let m = minutesOf(hours.from); m <= end; m += STEP) {
    const free = m < end && !(quiet && inSpan(m, quiet.from, quiet.to));
    if (free && start === null) start = m;
    if (!free && start !== null) {
      if (m - start >= 30)
        return { from: localInstant(day, start, timeZone), to: localInstant(day, m, timeZone) };
      start = null;
    }
  }
  return null;
}

/** "14:05" in the customer's zone now. */
export function localTimeNow(now: Date, timeZone: string): string {
  const m = localClock(now, timeZone).minutes;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
