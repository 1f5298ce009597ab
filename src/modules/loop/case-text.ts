import type { Severity } from './tables.ts';

const rank: Record<Severity, number> = { critical: 1, high: 2, medium: 3, low: 4 };
export const severityRank = (s: Severity) => rank[s];

/**
 * P1 (most urgent) … P4: the severity's rank, one step more urgent for a high-value customer.
 * A customer's service level (loyalty tier) can make a case more urgent still (raise-flag, reopen).
 */
export const priorityOf = (severity: Severity, highValue: boolean) =>
  Math.max(1, rank[severity] - (highValue ? 1 : 0));

/** A one-line human description of a red flag's triggering touchpoint. */
export function describeEvent(e: Record<string, unknown> | null): string {
  if (!e) return '';
  const p = (e.properties ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof p.type === 'string' && p.score !== undefined)
    parts.push(`${String(p.type).toUpperCase()} ${String(p.score)}`);
  else parts.push(String(e.kind));
  if (typeof p.comment === 'string' && p.comment) parts.push(`"${p.comment.slice(0, 140)}"`);
  if (typeof e.sentiment === 'number') parts.push(`sentiment ${e.sentiment.toFixed(2)}`);
  return parts.join(', ');
}

export const formatDue = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) : 'none');

/** A deadline as its reader reads it: "Wed, 18 Nov 2026, 04:00 (America/New_York)". */
export type DueFormatter = (d: Date | null) => string;
export function dueIn(timeZone: string): DueFormatter {
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return (d) => (d ? `${f.format(d)} (${timeZone})` : 'none');
}
