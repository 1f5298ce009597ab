import { describe, expect, it } from 'vitest';
import { addWorkingMinutes, isWithin, nextStart, parseClock, type Schedule } from './working-time.ts';

const weekdays = (tz: string, start: string, end: string): Schedule => ({
  timeZone: tz,
  intervals: [1, 2, 3, 4, 5].map((weekday) => ({
    weekday,
    startMinute: parseClock(start),
    endMinute: parseClock(end),
  })),
});
const at = (iso: string) => new Date(iso);

describe('working time', () => {
  const london = weekdays('Europe/London', '08:00', '22:00');

  it('knows who is inside their hours, in their own time zone', () => {
    const paris = weekdays('Europe/Paris', '09:00', '17:00');
    const newYork = weekdays('America/New_York', '09:00', '17:00');
    // Tuesday 19:00 UTC: 20:00 in Paris, 14:00 in New York.
    expect(isWithin(paris, at('2026-11-17T19:00:00Z'))).toBe(false);
    expect(isWithin(newYork, at('2026-11-17T19:00:00Z'))).toBe(true);
    expect(isWithin(newYork, at('2026-11-21T16:00:00Z'))).toBe(false); // Saturday
    expect(isWithin({ timeZone: 'UTC', intervals: [] }, at('2026-11-21T16:00:00Z'))).toBe(true);
  });

  it('finds the next start, across a weekend', () => {
    expect(nextStart(london, at('2026-11-21T12:00:00Z'))).toEqual(at('2026-11-23T08:00:00Z'));
    expect(nextStart(london, at('2026-11-17T12:00:00Z'))).toEqual(at('2026-11-17T12:00:00Z'));
    const tokyo = weekdays('Asia/Tokyo', '09:00', '17:00');
    // Monday 09:00 in Tokyo is Monday 00:00 UTC.
    expect(nextStart(tokyo, at('2026-11-21T12:00:00Z'))).toEqual(at('2026-11-23T00:00:00Z'));
  });

  it('counts only business minutes, continuing the next working day', () => {
    // 19:00 → 22:00 is 180 minutes, the last 60 run from 08:00 on Wednesday.
    expect(addWorkingMinutes(london, at('2026-11-17T19:00:00Z'), 240)).toEqual(at('2026-11-18T09:00:00Z'));
    // A full day of 14 hours plus what was left.
    expect(addWorkingMinutes(london, at('2026-11-17T19:00:00Z'), 1440)).toEqual(at('2026-11-19T15:00:00Z'));
    // Friday evening to Monday morning.
    expect(addWorkingMinutes(london, at('2026-11-20T21:00:00Z'), 120)).toEqual(at('2026-11-23T09:00:00Z'));
    // Opened outside hours: the clock starts at the next opening.
    expect(addWorkingMinutes(london, at('2026-11-17T23:00:00Z'), 30)).toEqual(at('2026-11-18T08:30:00Z'));
  });

  it('keeps wall-clock hours across a daylight-saving change', () => {
    const newYork = weekdays('America/New_York', '09:00', '17:00');
    // Clocks go forward on Sunday 8 March 2026: Monday 09:00 EDT is 13:00 UTC (Friday 09:00 EST was 14:00).
    // Friday 16:30 EST leaves 30 minutes; the other 30 run from Monday 09:00 EDT (13:00 UTC).
    expect(addWorkingMinutes(newYork, at('2026-03-06T21:30:00Z'), 60)).toEqual(at('2026-03-09T13:30:00Z'));
    expect(nextStart(newYork, at('2026-03-07T12:00:00Z'))).toEqual(at('2026-03-09T13:00:00Z'));
  });

  it('handles overnight shifts written as two intervals', () => {
    const night: Schedule = {
      timeZone: 'UTC',
      intervals: [
        { weekday: 2, startMinute: parseClock('22:00'), endMinute: parseClock('24:00') },
        { weekday: 3, startMinute: 0, endMinute: parseClock('06:00') },
      ],
    };
    expect(isWithin(night, at('2026-11-18T01:00:00Z'))).toBe(true);
    expect(addWorkingMinutes(night, at('2026-11-17T23:00:00Z'), 120)).toEqual(at('2026-11-18T01:00:00Z'));
  });

  it('refuses malformed times', () => {
    expect(() => parseClock('25:00')).toThrow();
    expect(() => parseClock('9:00')).toThrow();
  });
});
