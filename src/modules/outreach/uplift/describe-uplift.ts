import type { Difference } from './math/compare-means.ts';

const signed = (x: number, digits: number) => {
  const s = Math.abs(x).toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return `${x < 0 ? '−' : '+'}${s}`;
};
const count = (n: number) => n.toLocaleString('en-US');

/**
 * The uplift of one metric in plain words, as a manager reads it:
 * "retention (90 days) +4.1 points, 95% interval +1.2 to +7.0, 2,310 vs 257 customers".
 */
export function describeUplift(
  u: {
    metric: string;
    days: number;
    unit: 'share' | 'money';
    treated: { customers: number };
    heldOut: { customers: number };
    difference: Difference | null;
  },
  currency: string,
): string {
  const name = u.metric === 'revenue' ? 'revenue per customer' : u.metric;
  const label = `${name} (${u.days} days)`;
  const sizes = `${count(u.treated.customers)} vs ${count(u.heldOut.customers)} customers`;
  const d = u.difference;
  if (!d) return `${label}: not enough customers yet to compare (${sizes})`;
  // Shares are shown in percentage points, money in major units of the currency.
  const [scale, unit] = u.unit === 'share' ? [100, ' points'] : [0.01, ` ${currency}`];
  const digits = u.unit === 'share' ? 1 : 2;
  return `${label} ${signed(d.difference * scale, digits)}${unit}, 95% interval ${signed(d.low * scale, digits)} to ${signed(d.high * scale, digits)}, ${sizes}`;
}
