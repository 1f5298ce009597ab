import { describe, expect, it } from 'vitest';
import { checkDateFormat, parseDate, parseDecimal, slugOfFileName } from './parse-values.ts';

const iso = (d: Date | undefined) => d?.toISOString();

describe('parseDate', () => {
  it('reads ISO dates and date-times, with or without offset', () => {
    expect(iso(parseDate('2026-01-05', 'iso'))).toBe('2026-01-05T00:00:00.000Z');
    expect(iso(parseDate('2026-01-05T10:30:00Z', 'iso'))).toBe('2026-01-05T10:30:00.000Z');
    expect(iso(parseDate('2026-01-05 10:30', 'iso'))).toBe('2026-01-05T10:30:00.000Z');
    expect(iso(parseDate('2026-01-05T10:30:00.25+02:00', 'iso'))).toBe('2026-01-05T08:30:00.250Z');
    expect(iso(parseDate('2026-01-05T10:30:00-0530', 'iso'))).toBe('2026-01-05T16:00:00.000Z');
  });

  it('reads patterns such as YYYYMMDD and DD/MM/YYYY HH:mm', () => {
    expect(iso(parseDate('19970101', 'YYYYMMDD'))).toBe('1997-01-01T00:00:00.000Z');
    expect(iso(parseDate('5/3/2026 7:05', 'DD/MM/YYYY HH:mm'))).toBe('2026-03-05T07:05:00.000Z');
    expect(iso(parseDate('1700000000', 'unix'))).toBe('2023-11-14T22:13:20.000Z');
  });

  it('treats times without offset as wall-clock time in the given zone, across DST', () => {
    expect(iso(parseDate('19970101', 'YYYYMMDD', 'America/New_York'))).toBe('1997-01-01T05:00:00.000Z');
    expect(iso(parseDate('2026-07-01 12:00', 'iso', 'Europe/Paris'))).toBe('2026-07-01T10:00:00.000Z');
    expect(iso(parseDate('2026-01-01 12:00', 'iso', 'Europe/Paris'))).toBe('2026-01-01T11:00:00.000Z');
  });

  it('rejects impossible or malformed dates', () => {
    expect(parseDate('19970231', 'YYYYMMDD')).toBeUndefined();
    expect(parseDate('1997-13-01', 'iso')).toBeUndefined();
    expect(parseDate('yesterday', 'iso')).toBeUndefined();
    expect(parseDate('1997011', 'YYYYMMDD')).toBeUndefined();
    expect(parseDate('', 'iso')).toBeUndefined();
  });

  it('refuses date formats that cannot name a day', () => {
    expect(() => checkDateFormat('YYYY-MM')).toThrow(/DD/);
    expect(() => checkDateFormat('YYYYMMDD')).not.toThrow();
    expect(() => checkDateFormat('unix-ms')).not.toThrow();
  });
});

describe('parseDecimal and slugOfFileName', () => {
  it('accepts plain decimals only', () => {
    expect(parseDecimal(' 11.77 ')).toBe(11.77);
    expect(parseDecimal('-3')).toBe(-3);
    expect(parseDecimal('.5')).toBe(0.5);
    expect(parseDecimal('1,234.50')).toBeUndefined();
    expect(parseDecimal('$12')).toBeUndefined();
    expect(parseDecimal('')).toBeUndefined();
  });

  it('names a source after the file', () => {
    expect(slugOfFileName('data/cdnow/CDNOW_master.txt')).toBe('cdnow_master');
    expect(slugOfFileName('/tmp/Orders 2026 (Q1).csv')).toBe('orders-2026-q1');
    expect(slugOfFileName('---.csv')).toBe('import');
  });
});
