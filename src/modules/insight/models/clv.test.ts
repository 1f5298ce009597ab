import { describe, expect, it } from 'vitest';
import { addCalendarMonths, computeClv, monthEndsInWeeks, monthlyRate } from './clv.ts';
import { conditionalExpectedPurchases } from './purchase-model.ts';
import { quintileCuts, quintileScore, rfmSegment } from './rfm.ts';

const purchase = { kind: 'bg-nbd' as const, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
const spend = { kind: 'gamma-gamma' as const, params: { p: 6.25, q: 3.74, gamma: 15.44 } };
const c1 = { x: 2, tx: 30.43, T: 38.86, zbar: 22.35, spendX: 2 };

describe('CLV over calendar months', () => {
  it('counts real calendar months, clamped to the month end', () => {
    expect(addCalendarMonths(new Date('2024-01-31T00:00:00Z'), 1).toISOString().slice(0, 10)).toBe(
      '2024-02-29',
    );
    expect(addCalendarMonths(new Date('2023-01-31T00:00:00Z'), 1).toISOString().slice(0, 10)).toBe(
      '2023-02-28',
    );
    expect(addCalendarMonths(new Date('2024-11-15T00:00:00Z'), 3).toISOString().slice(0, 10)).toBe(
      '2025-02-15',
    );
    // 2024-01-01 + 12 months = 366 days (leap year), not 12 × 30 = 360.
    const ends = monthEndsInWeeks(new Date('2024-01-01T00:00:00Z'), 12);
    expect(ends[0]).toBeCloseTo(31 / 7, 12);
    expect(ends[11]).toBeCloseTo(366 / 7, 12);
  });

  it('equals E(M) × E[Y(horizon)] undiscounted, and less when discounted', () => {
    const ends = monthEndsInWeeks(new Date('2024-01-01T00:00:00Z'), 12);
    const flat = computeClv(purchase, spend, c1, ends, 0);
    const expected = conditionalExpectedPurchases(purchase, ends[11] as number, c1.x, c1.tx, c1.T);
    expect(flat.purchases).toBeCloseTo(expected, 12);
    expect(flat.value).toBeCloseTo(flat.spendPerPurchase * expected, 10);
    expect(flat.spendPerPurchase).toBeCloseTo(24.66, 2);
    const discounted = computeClv(purchase, spend, c1, ends, monthlyRate(0.1));
    expect(discounted.value).toBeLessThan(flat.value);
    expect(discounted.value).toBeGreaterThan(flat.value / 1.1);
    expect(monthlyRate(0.1)).toBeCloseTo(1.1 ** (1 / 12) - 1, 15);
  });
});

describe('RFM', () => {
  it('scores quintiles and names segments', () => {
    const cuts = quintileCuts(Float64Array.from({ length: 100 }, (_, i) => i + 1));
    expect(quintileScore(100, cuts)).toBe(5);
    expect(quintileScore(1, cuts)).toBe(1);
    expect(quintileScore(1, cuts, false)).toBe(5);
    expect(rfmSegment(5, 5)).toBe('champions');
    expect(rfmSegment(1, 5)).toBe('cannot-lose');
    expect(rfmSegment(1, 1)).toBe('hibernating');
    expect(rfmSegment(5, 1)).toBe('new');
  });
});
