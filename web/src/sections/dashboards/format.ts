/** Formatting shared by the dashboards' charts and their numbers tables. */

export const pct = (x: number | null | undefined, digits = 0): string =>
  x === null || x === undefined ? '–' : `${(x * 100).toFixed(digits)}%`;

/** "2026-05" or an ISO date → "May 2026" (UTC, so a month never slips into its neighbour). */
export const monthLabel = (period: string): string => {
  const d = new Date(period.length === 7 ? `${period}-01T00:00:00Z` : period);
  if (Number.isNaN(d.getTime())) return period;
  return d.toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
};

/** "1 month", "14 months". */
export const months = (n: number): string => `${n} month${n === 1 ? '' : 's'}`;

/** A blue scale whose text colour keeps WCAG AA contrast on every shade (heat-map cells). */
export function heat(r: number): { background: string; color: string } {
  const a = 0.08 + 0.8 * Math.min(1, Math.max(0, r));
  return { background: `rgba(20, 60, 130, ${a.toFixed(2)})`, color: a >= 0.7 ? '#fff' : '#000' };
}
