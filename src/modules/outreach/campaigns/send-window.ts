import { AppError } from '../../../kernel/errors.ts';
import { localClock, minutesOf, nextOutside } from '../local-time.ts';

export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A send window that exists: two valid local times, start before end (no window past midnight). */
export function checkWindow(start: string, end: string): void {
  if (!HHMM.test(start) || !HHMM.test(end))
    throw new AppError('validation_failed', 'sendWindow: times must be HH:MM (00:00–23:59)', {
      field: 'sendWindow',
    });
  if (minutesOf(start) >= minutesOf(end))
    throw new AppError(
      'validation_failed',
      `sendWindow: ${start}–${end} is empty; the start must be before the end`,
      {
        field: 'sendWindow',
      },
    );
}

/**
 * The first moment from `at` inside [start, end) local time in the zone: `at` itself when
 * inside, else the next local `start`. Outside the window is the span [end, start) across
 * midnight, so its first minute outside is what nextOutside already finds (DST-aware).
 */
export function nextInWindow(at: Date, timeZone: string, start: string, end: string): Date {
  const { minutes } = localClock(at, timeZone);
  if (minutes >= minutesOf(start) && minutes < minutesOf(end)) return at;
  return nextOutside(at, timeZone, end, start);
}

/** A zone Intl knows, else UTC: a typo in a profile must not stop the campaign. */
export function zoneOr(tz: string | null | undefined): string {
  if (!tz) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return 'UTC';
  }
}
