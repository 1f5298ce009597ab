import { AppError } from '../../../kernel/errors.ts';
import { checkWindow } from '../campaigns/send-window.ts';
import { localClock, minutesOf } from '../local-time.ts';

const DAY = 86_400_000;
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const localDate = (at: Date, zone: string) => {
  let f = dateFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormats.set(zone, f);
  }
  return f.format(at);
};
const offsetMinutes = (at: Date, zone: string) => {
  const { minutes } = localClock(at, zone);
  const utc = at.getUTCHours() * 60 + at.getUTCMinutes();
  return (((minutes - utc + 720) % 1440) + 1440) % 1440;
};

/**
 * A send window must exist on every day in the zone: a window inside a daylight-saving gap
 * (02:00–02:30 in Europe/Berlin on the spring-forward Sunday) has no moment to send in, so
 * customers would silently slip to the next day. Checks the coming year's clock changes.
 */
export function checkSendWindowInZone(start: string, end: string, zone: string, from: Date): void {
  checkWindow(start, end);
  const s = minutesOf(start);
  const e = minutesOf(end);
  for (let d = 0; d < 366; d++) {
    const dayStart = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + d));
    if (offsetMinutes(dayStart, zone) === offsetMinutes(new Date(dayStart.getTime() + DAY), zone)) continue;
    // A clock change near this day: is every local date around it reached inside the window?
    for (const date of [localDate(dayStart, zone), localDate(new Date(dayStart.getTime() + DAY), zone)]) {
      let reached = false;
      for (let t = dayStart.getTime() - DAY; t < dayStart.getTime() + 2 * DAY && !reached; t += 60_000) {
        const at = new Date(t);
        const m = localClock(at, zone).minutes;
        reached = m >= s && m < e && localDate(at, zone) === date;
      }
      if (!reached)
        throw new AppError(
          'validation_failed',
          `sendWindow: ${start}–${end} does not exist in ${zone} on ${date} (the clocks skip it)`,
          { field: 'sendWindow' },
        );
    }
  }
}
