import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../../test/helpers.ts';
import { findCustomerId } from '../../customers/index.ts';
import { setTestScores } from '../../insight/testing/set-scores.ts';

// Day 0 of the fixture; the report is read on day 100 (the clock is injected).
const DAY0 = Date.parse('2025-03-01T12:00:00Z');
let now = DAY0;
const clock = { now: () => new Date(now) };
const onDay = (d: number) => {
  now = DAY0 + d * 86_400_000;
};

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(() => t?.close());

describe('referral report', () => {
  it('compares referred and non-referred retention, P(alive) and CLV on a hand-computed fixture', async () => {
    onDay(0);
    const at = new Date(now).toISOString();
    // Everyone is first seen on day 0 through ingest (a customer made by POST is first seen today).
    const first = {
      externalId: 'ref',
      sourceId: 'signup-ref',
      channel: 'web',
      kind: 'signup',
      occurredAt: at,
    };
    await t.api('/api/v1/events', { method: 'POST', json: { events: [first] } });
    const referrer = await findCustomerId(t.ctx, { externalId: 'ref' });
    const code = (await (await t.api(`/api/v1/referrals/customers/${referrer}`)).json()).code;
    const event = (externalId: string, referred: boolean) => ({
      externalId,
      sourceId: `signup-${externalId}`,
      channel: 'web',
      kind: 'signup',
      occurredAt: at,
      ...(referred && { properties: { referralCode: code } }),
    });
    const ingest = await t.api('/api/v1/events', {
      method: 'POST',
      json: {
        events: [
          event('b1', true),
          event('b2', true),
          event('b3', true),
          event('b4', true),
          event('n1', false),
          event('n2', false),
          event('n3', false),
        ],
      },
    });
    expect((await ingest.json()).accepted).toBe(7);
    const ids: Record<string, string> = {};
    for (const x of ['b1', 'b2', 'b3', 'b4', 'n1', 'n2', 'n3']) {
      ids[x] = (await findCustomerId(t.ctx, { externalId: x })) as string;
    }
    const churn = async (x: string) => {
      const res = await t.api(`/api/v1/customers/${ids[x]}`, {
        method: 'PATCH',
        json: { status: 'churned' },
      });
      expect(res.status).toBe(200);
    };
    onDay(40);
    await churn('b1');
    await churn('b2');
    await churn('n1');
    onDay(70);
    await churn('n2');
    onDay(100);
    await setTestScores(t.ctx, [
      { customerId: ids.b1 as string, pAlive: 0.2, clvMinor: 1000 },
      { customerId: ids.b2 as string, pAlive: 0.4, clvMinor: 3000 },
      { customerId: ids.n1 as string, pAlive: 0.6, clvMinor: 5000 },
    ]);

    const rep = await (await t.api('/api/v1/referrals/report')).json();
    expect(rep.through).toBe('2025-06-09');
    expect(rep.referrals).toEqual({ accepted: 4, purchased: 0 });
    const g = (name: string) => rep.groups.find((x: AnyJson) => x.group === name);
    const referred = g('referred');
    const other = g('not-referred');
    // Lifetimes in whole months of 30.4375 days: day 40 → 1, day 70 → 2, censored at day 100 → 3.
    // Referred: 1†, 1†, 3, 3 → S(1) = 2/4. Not referred (n1–n3 and the referrer): 1†, 2†, 3, 3
    // → S(1) = 3/4, S(2) = 3/4 · 2/3 = 1/2.
    expect(referred).toMatchObject({ customers: 4, left: 2, scored: 2, clvScored: 2 });
    expect(referred.curve.points.map((p: AnyJson) => [p.time, p.atRisk, p.events, p.survival])).toEqual([
      [1, 4, 2, 0.5],
      [3, 2, 0, 0.5],
    ]);
    expect(referred.at).toEqual([
      { months: 3, survival: 0.5 },
      { months: 6, survival: null },
      { months: 12, survival: null },
    ]);
    expect(referred.meanPAlive).toBeCloseTo(0.3, 10);
    expect(referred.meanClvMinor).toBe(2000);
    expect(other).toMatchObject({ customers: 4, left: 2, scored: 1, meanClvMinor: 5000 });
    expect(other.meanPAlive).toBeCloseTo(0.6, 10);
    expect(other.curve.points.map((p: AnyJson) => [p.time, p.atRisk, p.survival])).toEqual([
      [1, 4, 0.75],
      [2, 3, 0.5],
      [3, 2, 0.5],
    ]);
    // Log-rank by hand: t=1: n 4+4, deaths 2+1 → O−E = 2 − 3·4/8 = 0.5, V = 3·5/7 · ¼ = 15/28;
    // t=2: n 2+3, deaths 0+1 → O−E = −0.4, V = 1·4/4 · (2/5)(3/5) = 0.24. χ² = 0.1² / (15/28 + 0.24).
    const chi = 0.01 / (15 / 28 + 0.24);
    expect(rep.logRank.df).toBe(1);
    expect(rep.logRank.statistic).toBeCloseTo(chi, 10);
    expect(rep.logRank.pValue).toBeCloseTo(0.9096, 3);
    expect(rep.verdict).toMatch(/not distinguishable.*n = 4 referred, 4 not/);
  });
});
