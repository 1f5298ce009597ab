import { describe, expect, it } from 'vitest';
import { compareMeans } from './compare-means.ts';
import { compareProportions } from './compare-proportions.ts';
import { cuped } from './cuped.ts';
import { addObservation, emptyMoments } from './moments.ts';

// A small seeded generator (mulberry32) so the simulation is the same on every run.
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROGRAMS = 400;
const CUSTOMERS = 1500;
const HOLDOUT = 0.1;
// True effects of treatment: +5 points of retention, +8.00 of revenue per customer.
const RETENTION_EFFECT = 0.05;
const REVENUE_EFFECT = 8;

/**
 * Each simulated program: customers with a pre-period spend X (skewed, like real spend), a 10%
 * random holdout, retention with probability 0.2 + 0.4·u (+5 points if treated) where u also
 * drives X, and revenue = 20 + 0.8·X + noise (+8 if treated). Both true effects are exact
 * population differences, so a 95% interval should contain them in 95% of programs.
 */
function simulate(random: () => number) {
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const arms = {
    t: { ret: emptyMoments(), rev: emptyMoments() },
    c: { ret: emptyMoments(), rev: emptyMoments() },
  };
  for (let i = 0; i < CUSTOMERS; i++) {
    const treated = random() >= HOLDOUT;
    const u = random();
    const x = 100 * u + 20 * normal() ** 2;
    const retained = random() < 0.2 + 0.4 * u + (treated ? RETENTION_EFFECT : 0) ? 1 : 0;
    const revenue = 20 + 0.8 * x + 25 * normal() + (treated ? REVENUE_EFFECT : 0);
    const arm = treated ? arms.t : arms.c;
    addObservation(arm.ret, retained, x);
    addObservation(arm.rev, revenue, x);
  }
  return arms;
}

describe('coverage of the 95% intervals over simulated programs', () => {
  it('contains the true effect in about 95% of programs, and CUPED is narrower', () => {
    const random = seeded(20261205);
    const covered = { retention: 0, revenue: 0, cupedRetention: 0, cupedRevenue: 0 };
    const width = { revenue: 0, cupedRevenue: 0, retention: 0, cupedRetention: 0 };
    const inside = (d: { low: number; high: number } | null, truth: number) =>
      d !== null && d.low <= truth && truth <= d.high ? 1 : 0;
    for (let p = 0; p < PROGRAMS; p++) {
      const { t, c } = simulate(random);
      const retention = compareProportions(
        { n: t.ret.n, successes: t.ret.sy },
        { n: c.ret.n, successes: c.ret.sy },
      );
      const revenue = compareMeans(t.rev, c.rev);
      const cRet = cuped(t.ret, c.ret);
      const cRev = cuped(t.rev, c.rev);
      covered.retention += inside(retention, RETENTION_EFFECT);
      covered.revenue += inside(revenue, REVENUE_EFFECT);
      covered.cupedRetention += inside(cRet, RETENTION_EFFECT);
      covered.cupedRevenue += inside(cRev, REVENUE_EFFECT);
      width.retention += (retention?.high ?? 0) - (retention?.low ?? 0);
      width.revenue += (revenue?.high ?? 0) - (revenue?.low ?? 0);
      width.cupedRetention += (cRet?.high ?? 0) - (cRet?.low ?? 0);
      width.cupedRevenue += (cRev?.high ?? 0) - (cRev?.low ?? 0);
    }
    // Binomial(400, 0.95) has standard deviation 1.1 points: 91–99% is a ±3.6 sd tolerance.
    for (const count of Object.values(covered)) {
      expect(count / PROGRAMS).toBeGreaterThanOrEqual(0.91);
      expect(count / PROGRAMS).toBeLessThanOrEqual(0.99);
    }
    // X explains most of revenue's variance (0.8·X dominates the noise) and some of retention's.
    expect(width.cupedRevenue).toBeLessThan(width.revenue * 0.8);
    expect(width.cupedRetention).toBeLessThan(width.retention);
  });
});
