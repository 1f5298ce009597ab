import type { CohortCell } from '../../customers/index.ts';

export type CohortRow = {
  cohort: string;
  customers: number;
  /** Share of the cohort that purchased in each month since acquisition (index 0 = the acquisition month). */
  retention: number[];
  /** Revenue in each month since acquisition, minor units. */
  revenueMinor: number[];
  /** Revenue in month k relative to the acquisition month's. */
  revenueRetention: number[];
};

export type CohortMatrix = {
  cohorts: CohortRow[];
  /** Per calendar month: buyers, and the share of everyone acquired so far who bought that month. */
  months: {
    month: string;
    buyers: number;
    acquiredSoFar: number;
    activeShare: number;
    revenueMinor: number;
  }[];
};

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;

/** Monthly acquisition cohorts × months since acquisition, from the per-cell counts the database aggregated. */
export function buildCohortMatrix(cells: readonly CohortCell[]): CohortMatrix {
  const byCohort = new Map<string, CohortCell[]>();
  for (const c of cells) byCohort.set(c.cohort, [...(byCohort.get(c.cohort) ?? []), c]);
  const cohorts: CohortRow[] = [...byCohort.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([cohort, list]) => {
      const start = monthIndex(cohort);
      const span = Math.max(...list.map((c) => monthIndex(c.month) - start)) + 1;
      const buyers = new Array<number>(span).fill(0);
      const revenue = new Array<number>(span).fill(0);
      for (const c of list) {
        buyers[monthIndex(c.month) - start] = c.customers;
        revenue[monthIndex(c.month) - start] = c.revenueMinor;
      }
      const size = buyers[0] ?? 0;
      const base = revenue[0] ?? 0;
      return {
        cohort,
        customers: size,
        retention: buyers.map((b) => (size ? b / size : 0)),
        revenueMinor: revenue,
        revenueRetention: revenue.map((r) => (base ? r / base : 0)),
      };
    });
  const monthly = new Map<string, { buyers: number; revenue: number }>();
  for (const c of cells) {
    const m = monthly.get(c.month) ?? { buyers: 0, revenue: 0 };
    m.buyers += c.customers;
    m.revenue += c.revenueMinor;
    monthly.set(c.month, m);
  }
  let acquired = 0;
  const sizes = new Map(cohorts.map((c) => [c.cohort, c.customers]));
  const months = [...monthly.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([month, m]) => {
      acquired += sizes.get(month) ?? 0;
      return {
        month,
        buyers: m.buyers,
        acquiredSoFar: acquired,
        activeShare: acquired ? m.buyers / acquired : 0,
        revenueMinor: m.revenue,
      };
    });
  return { cohorts, months };
}
