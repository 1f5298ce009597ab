/** Formatting shared by every screen; uses the browser's locale so dates read naturally. */
const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const relFmt = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export const formatDate = (iso: string | null | undefined): string =>
  iso ? dateFmt.format(new Date(iso)) : '—';
export const formatDateTime = (iso: string | null | undefined): string =>
  iso ? dateTimeFmt.format(new Date(iso)) : '—';

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "3 days ago", "yesterday", "just now". */
export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const diff = new Date(iso).getTime() - now;
  for (const [unit, ms] of units) {
    if (Math.abs(diff) >= ms) return relFmt.format(Math.trunc(diff / ms), unit);
  }
  return 'just now';
}

/** A length of time in days as people say it: "5 days", "3 months", "2 years". */
export function formatDays(days: number): string {
  if (days < 1) return 'less than a day';
  if (days < 60) return `${days} day${days === 1 ? '' : 's'}`;
  if (days < 730) return `${Math.round(days / 30.4)} months`;
  const years = Math.floor(days / 365.25);
  return `${years} years`;
}

/** Money in integer minor units, with the currency's own number of decimals. */
export function formatMoney(minor: number, currency: string): string {
  try {
    const fmt = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
    return fmt.format(minor / 10 ** digits);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

/** The time of day now in a customer's time zone: "14:05". */
export function localTime(timeZone: string, now = new Date()): string | null {
  try {
    return new Intl.DateTimeFormat(undefined, { timeStyle: 'short', timeZone }).format(now);
  } catch {
    return null;
  }
}

/** "in-person" → "In person", "profile-update" → "Profile update". */
export const humanize = (s: string): string => {
  if (s === 'sms') return 'SMS';
  const words = s.replace(/[-_]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export type AddressLike = {
  line1?: unknown;
  line2?: unknown;
  city?: unknown;
  region?: unknown;
  postalCode?: unknown;
  country?: unknown;
};

/** "12 Apollo Road, NW1 8AB London, GB"; also takes the loosely typed JSON of a timeline change. */
export function formatAddress(a: AddressLike | null): string {
  if (!a) return '';
  const part = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const cityLine = [a.postalCode, a.city, a.region].map(part).filter(Boolean).join(' ');
  return [part(a.line1), part(a.line2), cityLine || null, part(a.country)].filter(Boolean).join(', ');
}

/** A random UUID (v4) that works on plain-HTTP origins too, where crypto.randomUUID is missing. */
export function uuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** "by phone", "by email", "in person". */
export const channelPhrase = (channel: string): string =>
  channel === 'in-person' ? 'in person' : `by ${humanize(channel).toLowerCase()}`;
