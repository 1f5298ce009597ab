import { conditionalExpectedPurchases, type PurchaseModel } from './purchase-model.ts';
import { expectedSpend, type SpendModel } from './spend-model.ts';

const DAY_MS = 86_400_000;

/** The date `months` calendar months after `from` (UTC), clamped to the month's last day (Jan 31 → Feb 28/29). */
export function addCalendarMonths(from: Date, months: number): Date {
  const y = from.getUTCFullYear();
  const m = from.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(from.getUTCDate(), lastDay)));
}

/**
 * The ends of each calendar month of a CLV horizon, in weeks after `asOf` (the models' time unit).
 * Tenure counts real calendar months (28–31 days), unlike lifetimes' examples, which treat a
 * "month" as 30 time units whatever the unit is.
 */
export function monthEndsInWeeks(asOf: Date, months: number): number[] {
  return Array.from(
    { length: months },
    (_, i) => (addCalendarMonths(asOf, i + 1).getTime() - asOf.getTime()) / DAY_MS / 7,
  );
}

/** Monthly discount factor from an annual rate: (1 + annual)^(1/12) − 1 per month. */
export const monthlyRate = (annualRate: number): number => (1 + annualRate) ** (1 / 12) - 1;

export type ClvResult = { value: number; purchases: number; spendPerPurchase: number };

/**
 * Customer lifetime value over the horizon: Σ over calendar months m of E(M) × (expected purchases in
 * month m) / (1 + d)^m, purchases discounted at the end of the month they fall in. E(M) comes from
 * the spend model, the monthly purchases from differences of E[Y(t) | x, t_x, T].
 */
export function computeClv(
  purchase: PurchaseModel,
  spend: SpendModel,
  c: { x: number; tx: number; T: number; zbar: number; spendX: number },
  monthEnds: readonly number[],
  monthlyDiscount: number,
): ClvResult {
  let previous = 0;
  let discounted = 0;
  monthEnds.forEach((t, i) => {
    const cumulative = conditionalExpectedPurchases(purchase, t, c.x, c.tx, c.T);
    discounted += (cumulative - previous) / (1 + monthlyDiscount) ** (i + 1);
    previous = cumulative;
  });
  const spendPerPurchase = expectedSpend(spend, c.spendX, c.zbar);
  return { value: spendPerPurchase * discounted, purchases: previous, spendPerPurchase };
}
