import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../../test/helpers.ts';
import { manualClock } from '../../loop/testing/fixtures.ts';
import { addCustomer } from '../../loop/testing/team-setup.ts';
import { evaluateAllTiersJob } from './tier-jobs.ts';

// The managers' dashboard must tell the same story as each customer's 360 and as the purchases.

const clock = manualClock('2026-11-17T10:00:00Z');
let t: TestApp;
let agentCookie: string;
const ids: Record<string, string> = {};

const buy = (customerId: string, id: string, minor: number) =>
  t.api('/api/v1/events', {
    method: 'POST',
    json: {
      events: [
        {
          customerId,
          source: 'shop',
          sourceId: id,
          channel: 'web',
          kind: 'purchase',
          occurredAt: clock.now().toISOString(),
          amount: { minor, currency: 'EUR' },
        },
      ],
    },
  });
const dashboard = async () => {
  const r = await t.api('/api/v1/loyalty/tiers/dashboard');
  expect(r.status).toBe(200);
  return (await r.json()) as AnyJson;
};
const tierOf = async (c: string) =>
  (await (await t.api(`/api/v1/loyalty/customers/${c}/tier`)).json()) as AnyJson;

beforeAll(async () => {
  t = await startTestApp({ clock });
  const agent = await createStaffUser(t.ctx, 'agent');
  agentCookie = await logInCookie(t, agent.staff.email, agent.password);
  for (const [name, rank, threshold] of [
    ['Silver', 1, 20_000],
    ['Gold', 2, 50_000],
  ] as const) {
    const r = await t.api('/api/v1/loyalty/tiers', {
      method: 'POST',
      json: { name, rank, criterion: 'spend', currency: 'EUR', threshold, downgrade: 'never' },
    });
    expect(r.status).toBe(201);
  }
  // Ada: Gold. Ben: Silver. Cleo: no tier, 85% of Silver. Dan: Silver, 84% of Gold. Eve: nothing.
  for (const [name, minor] of [
    ['Ada', 60_000],
    ['Ben', 25_000],
    ['Cleo', 17_000],
    ['Dan', 42_000],
    ['Eve', 0],
  ] as const) {
    ids[name] = await addCustomer(t, { name });
    if (minor) await buy(ids[name], `o-${name}`, minor);
  }
  await evaluateAllTiersJob.handle(t.ctx, {});
});
afterAll(() => t?.close());

describe('tier dashboard', () => {
  it('agrees with every customer’s 360 and with the purchases', async () => {
    const d = await dashboard();
    expect(d.currency).toBe('EUR');
    const byName = Object.fromEntries(d.tiers.map((x: AnyJson) => [x.name, x]));
    // Members per tier = what the 360s say, customer by customer.
    const views = await Promise.all(Object.values(ids).map(tierOf));
    for (const name of ['Silver', 'Gold']) {
      expect(byName[name].members).toBe(views.filter((v) => v.tier?.name === name).length);
    }
    expect(byName.Gold.members).toBe(1);
    expect(byName.Silver.members).toBe(2);
    // Revenue of today's members over 365 days = their purchases.
    expect(byName.Gold.revenue365).toBe(60_000);
    expect(byName.Silver.revenue365).toBe(25_000 + 42_000);
    // Close to the next tier: Cleo to Silver, Dan to Gold, with the 360's progress figures.
    expect(d.close.map((c: AnyJson) => c.name)).toEqual(['Cleo', 'Dan']);
    for (const c of d.close) {
      const next = (await tierOf(c.customerId)).next;
      expect({ tierName: c.tierName, value: c.value, threshold: c.threshold }).toEqual({
        tierName: next.name,
        value: next.value,
        threshold: next.threshold,
      });
    }
    expect(byName.Silver.close).toBe(1);
    expect(byName.Gold.close).toBe(1);
    // Three moves up this month (Ada, Ben, Dan), none down; twelve months listed.
    expect(d.months).toHaveLength(12);
    expect(d.months.at(-1)).toEqual({ month: '2026-11', up: 3, down: 0 });
  });

  it('counts retention of the members of 90 days ago, and a crossing leaves the close list', async () => {
    clock.set('2027-02-16T10:00:00Z');
    await buy(ids.Ada as string, 'o-ada-2', 1_000);
    await buy(ids.Cleo as string, 'o-cleo-2', 5_000); // Cleo reaches Silver
    await evaluateAllTiersJob.handle(t.ctx, {});
    const d = await dashboard();
    const byName = Object.fromEntries(d.tiers.map((x: AnyJson) => [x.name, x]));
    expect(byName.Gold.retention).toEqual({ members: 1, retained: 1, share: 1 });
    expect(byName.Silver.retention).toEqual({ members: 2, retained: 0, share: 0 });
    expect(byName.Silver.members).toBe(3);
    expect(d.close.map((c: AnyJson) => c.name)).toEqual(['Dan']);
    expect(d.months.at(-1)).toEqual({ month: '2027-02', up: 1, down: 0 });
  });

  it('is for managers: an agent gets a 403', async () => {
    const r = await t.api('/api/v1/loyalty/tiers/dashboard', { headers: { cookie: agentCookie } });
    expect(r.status).toBe(403);
  });
});
