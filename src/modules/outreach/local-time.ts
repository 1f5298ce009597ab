const formatters = new Map<string, Intl.DateTimeFormat>();
const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Minutes since local midnight and ISO weekday (1 = Monday) of an instant in a time zone. */
export function localClock(at: Date, timeZone: string): { minutes: number; isoDay: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    isoDay: weekdays.indexOf(String(parts.weekday)) + 1,
  };
}

/** "21:30" → 1290. */
export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether a local time lies in [from, to), a span that may run past midnight (21:00–08:00). */
export function inSpan(minutes: number, from: string, to: string): boolean {
  const f = minutesOf(from);
  const t = minutesOf(to);
  return f < t ? minutes >= f && minutes < t : minutes >= f || minutes < t;
}

/**
 * The first whole minute from `at` on whose local time lies outside [from, to). Jumps to the
 * span's end in local minutes, then walks minute by minute over a daylight-saving shift.
 */
export function nextOutside(at: Date, timeZone: string, from: string, to: string): Date {
  const start = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
  const { minutes } = localClock(start, timeZone);
  if (!inSpan(minutes, from, to)) return at;
  const ahead = (minutesOf(to) - minutes + 1440) % 1440;
  let t = new Date(start.getTime() + Math.max(ahead - 60, 0) * 60_000);
  for (let i = 0; i < 180 && inSpan(localClock(t, timeZone).minutes, from, to); i++)
    t = new Date(t.getTime() + 60_000);
  return t;
}
