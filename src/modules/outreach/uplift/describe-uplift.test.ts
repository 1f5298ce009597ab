import { describe, expect, it } from 'vitest';
import { describeUplift } from './describe-uplift.ts';

const d = (difference: number, low: number, high: number) => ({
  difference,
  low,
  high,
  pValue: 0.01,
  standardError: 1,
});

describe('describeUplift', () => {
  it('says a share difference in points, with the interval and both arm sizes', () => {
    expect(
      describeUplift(
        {
          metric: 'retention',
          days: 90,
          unit: 'share',
          treated: { customers: 2310 },
          heldOut: { customers: 257 },
          difference: d(0.041, 0.012, 0.07),
        },
        'USD',
      ),
    ).toBe('retention (90 days) +4.1 points, 95% interval +1.2 to +7.0, 2,310 vs 257 customers');
  });

  it('says money in major units with its currency, and signs a loss', () => {
    expect(
      describeUplift(
        {
          metric: 'revenue',
          days: 30,
          unit: 'money',
          treated: { customers: 900 },
          heldOut: { customers: 100 },
          difference: d(-123, -1500, 1254),
        },
        'EUR',
      ),
    ).toBe('revenue per customer (30 days) −1.23 EUR, 95% interval −15.00 to +12.54, 900 vs 100 customers');
  });

  it('says when there is nothing to compare yet', () => {
    expect(
      describeUplift(
        {
          metric: 'reactivation',
          days: 30,
          unit: 'share',
          treated: { customers: 12 },
          heldOut: { customers: 0 },
          difference: null,
        },
        'USD',
      ),
    ).toBe('reactivation (30 days): not enough customers yet to compare (12 vs 0 customers)');
  });
});
