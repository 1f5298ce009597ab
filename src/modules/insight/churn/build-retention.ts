import type { ChurnDefinition } from './churn-definition.ts';
import type { ChurnSubject } from './load-churn-inputs.ts';

export type RetentionMonth = {
  month: string;
  /** Customers first seen before the month who had not left before it. */
  atStart: number;
  /** Customers who left in the month: `lapsed` + `cancelled`. */
  churned: number;
  lapsed: number;
  cancelled: number;
  churnRate: number;
  retentionRate: number;
};

export type RetentionReport = {
  definition: ChurnDefinition;
  through: string;
  months: RetentionMonth[];
  /** The customer base on the last day, by the same definition. */
  totals: {
    customers: number;
    active: number;
    lapsed: number;
    cancelled: number;
    /** Active customers the purchase model has a P(alive) for, and the sum of it: how many it expects to be still buying. */
    activeBuyers: number;
    expectedBuying: number;
    /** Mean P(alive) of active and of departed buyers: the model's view of the same split. */
    meanPAliveActive: number | null;
    meanPAliveLeft: number | null;
  };
  /** Per acquisition cohort (month of first purchase): buyers, and how many of them have left. */
  cohorts: { cohort: string; customers: number; left: number }[];
};

const DAY = 86_400_000;
const dayOfMonth = (y: number, m: number) => Math.round(Date.UTC(y, m, 1) / DAY);
const ym = (day: number) => new Date(day * DAY).toISOString().slice(0, 7);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/**
 * Monthly retention and churn of the customer base, the totals on the last day, and departures by
 * acquisition cohort, all from one list of subjects under one definition of churn. A month's rate
 * is of the customers at its start; its churned count is everyone who left in it.
 */
export function buildRetention(
  subjects: readonly ChurnSubject[],
  definition: ChurnDefinition,
  throughDay: number,
): RetentionReport {
  const inRange = subjects.filter((s) => s.firstSeenDay <= throughDay);
  const months: RetentionMonth[] = [];
  if (inRange.length) {
    // A loop, not Math.min(...): a million arguments overflow the call stack.
    const first = new Date(inRange.reduce((m, s) => Math.min(m, s.firstSeenDay), Infinity) * DAY);
    const last = new Date(throughDay * DAY);
    for (let y = first.getUTCFullYear(), m = first.getUTCMonth(); ; ) {
      const start = dayOfMonth(y, m);
      if (start > throughDay) break;
      const end = dayOfMonth(y, m + 1);
      let atStart = 0;
      let lapsed = 0;
      let cancelled = 0;
      for (const s of inRange) {
        if (s.firstSeenDay < start && (s.leftDay === null || s.leftDay >= start)) atStart++;
        if (s.leftDay !== null && s.leftDay >= start && s.leftDay < end) {
          if (s.how === 'cancelled') cancelled++;
          else lapsed++;
        }
      }
      const churned = lapsed + cancelled;
      months.push({
        month: ym(start),
        atStart,
        churned,
        lapsed,
        cancelled,
        churnRate: atStart ? churned / atStart : 0,
        retentionRate: atStart ? 1 - churned / atStart : 1,
      });
      if (y === last.getUTCFullYear() && m === last.getUTCMonth()) break;
      m += 1;
      if (m === 12) {
        m = 0;
        y += 1;
      }
    }
  }
  const active = inRange.filter((s) => s.leftDay === null || s.leftDay > throughDay);
  const left = inRange.filter((s) => s.leftDay !== null && s.leftDay <= throughDay);
  const activeP = active.flatMap((s) => (s.pAlive === null ? [] : [s.pAlive]));
  const leftP = left.flatMap((s) => (s.pAlive === null ? [] : [s.pAlive]));
  const cohorts = new Map<string, { customers: number; left: number }>();
  for (const s of inRange) {
    if (!s.cohort) continue;
    const c = cohorts.get(s.cohort) ?? { customers: 0, left: 0 };
    c.customers++;
    if (s.leftDay !== null && s.leftDay <= throughDay) c.left++;
    cohorts.set(s.cohort, c);
  }
  return {
    definition,
    through: new Date(throughDay * DAY).toISOString().slice(0, 10),
    months,
    totals: {
      customers: inRange.length,
      active: active.length,
      lapsed: left.filter((s) => s.how === 'lapsed').length,
      cancelled: left.filter((s) => s.how === 'cancelled').length,
      activeBuyers: activeP.length,
      expectedBuying: activeP.reduce((a, b) => a + b, 0),
      meanPAliveActive: mean(activeP),
      meanPAliveLeft: mean(leftP),
    },
    cohorts: [...cohorts.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([cohort, c]) => ({ cohort, ...c })),
  };
}
