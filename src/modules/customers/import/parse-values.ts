/** Small, strict parsers for the text cells of an import file. Each returns undefined when the text is not valid. */

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

export type DateFormat = string;

/** Names accepted by `--date-format` besides patterns built from YYYY, MM, DD, HH, mm and ss. */
export const NAMED_DATE_FORMATS = ['iso', 'unix', 'unix-ms'] as const;

/**
 * Parses a date cell. `iso` takes ISO 8601 dates and date-times; `unix` and `unix-ms` take epoch
 * seconds and milliseconds; anything else is a pattern such as `YYYYMMDD` or `DD/MM/YYYY HH:mm`.
 * A value without an offset is a wall-clock time in `timeZone`, which is how exports from shop
 * systems usually mean it.
 */
export function parseDate(value: string, format: DateFormat, timeZone = 'UTC'): Date | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (format === 'unix' || format === 'unix-ms') {
    if (!/^-?\d+(\.\d+)?$/.test(v)) return undefined;
    const d = new Date(Number(v) * (format === 'unix' ? 1000 : 1));
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  if (format === 'iso') {
    const m = ISO.exec(v);
    if (!m) return undefined;
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', offset] = m;
    const ms = Number(frac.padEnd(3, '0').slice(0, 3));
    const local = wallClock(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), ms);
    if (local === undefined) return undefined;
    if (!offset) return zonedToUtc(local, timeZone);
    if (offset.toUpperCase() === 'Z') return new Date(local);
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    return new Date(local - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000);
  }
  const { regex, order } = compilePattern(format);
  const m = regex.exec(v);
  if (!m) return undefined;
  const part = (token: string) => {
    const i = order.indexOf(token);
    return i < 0 ? 0 : Number(m[i + 1]);
  };
  const local = wallClock(part('YYYY'), part('MM'), part('DD'), part('HH'), part('mm'), part('ss'), 0);
  return local === undefined ? undefined : zonedToUtc(local, timeZone);
}

/** Throws a readable error for a `--date-format` that is neither a named format nor a usable pattern. */
export function checkDateFormat(format: DateFormat): void {
  if ((NAMED_DATE_FORMATS as readonly string[]).includes(format)) return;
  const { order } = compilePattern(format);
  for (const needed of ['YYYY', 'MM', 'DD']) {
    if (!order.includes(needed)) {
      throw new Error(
        `--date-format ${format}: a pattern needs YYYY, MM and DD (or use one of ${NAMED_DATE_FORMATS.join(', ')})`,
      );
    }
  }
}

/** Throws unless the runtime knows the IANA time zone. */
export function checkTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new Error(`--time-zone ${timeZone}: not an IANA time zone such as "America/New_York"`);
  }
}

const TOKENS = ['YYYY', 'MM', 'DD', 'HH', 'mm', 'ss'];
const patternCache = new Map<string, { regex: RegExp; order: string[] }>();

function compilePattern(format: string): { regex: RegExp; order: string[] } {
  const cached = patternCache.get(format);
  if (cached) return cached;
  let source = '';
  const order: string[] = [];
  let i = 0;
  let afterToken = false;
  while (i < format.length) {
    const token = TOKENS.find((t) => format.startsWith(t, i));
    if (token) {
      const next = format.slice(i + token.length);
      // Glued to another field, a one-or-two-digit field would be ambiguous ("1997111").
      const glued = afterToken || TOKENS.some((t) => next.startsWith(t));
      source += token === 'YYYY' ? '(\\d{4})' : glued ? '(\\d{2})' : '(\\d{1,2})';
      order.push(token);
      i += token.length;
      afterToken = true;
    } else {
      source += (format[i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i += 1;
      afterToken = false;
    }
  }
  const compiled = { regex: new RegExp(`^${source}$`), order };
  patternCache.set(format, compiled);
  return compiled;
}

/** Milliseconds of a wall-clock time as if it were UTC; undefined for impossible dates like 31 April. */
function wallClock(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  return new Date(t).getUTCDate() === d ? t : undefined;
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at instant `t`, in milliseconds. */
function offsetAt(t: number, timeZone: string): number {
  let f = zoneFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zoneFormatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(t))) p[part.type] = Number(part.value);
  const asUtc = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return asUtc - (t - (((t % 1000) + 1000) % 1000));
}

function zonedToUtc(local: number, timeZone: string): Date {
  if (timeZone === 'UTC') return new Date(local);
  // Two rounds settle the offset on either side of a daylight-saving change.
  const first = local - offsetAt(local, timeZone);
  const second = local - offsetAt(first, timeZone);
  return new Date(second);
}

/** A decimal amount in major units ("11.77", "-3", "1234.5"); no thousands separators or symbols, on purpose. */
export function parseDecimal(value: string): number | undefined {
  const v = value.trim();
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** The default source name of a file: its base name without extension, as a Tenure slug. */
export function slugOfFileName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  const slug = base
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 40)
    .replace(/[-.]+$/, '');
  return slug || 'import';
}
