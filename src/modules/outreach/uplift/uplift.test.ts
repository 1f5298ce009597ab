import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../../test/helpers.ts';
import { DAY_MS } from '../../../kernel/clock.ts';
import { type NewInteraction, recordInteractions } from '../../customers/index.ts';
import type { ProgramKind } from '../tables.ts';
import { armDraw, assignArm, assignArms } from './assign-arm.ts';
import { GLOBAL_CONTROL_ID } from './programs.ts';

let t: TestApp;
const now = new Date('2026-09-01T10:00:00Z');
const clock = { now: () => now };
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(() => t?.close());

const eligibleAt = new Date(now.getTime() - 120 * DAY_MS);
const day = (d: number) => new Date(eligibleAt.getTime() + d * DAY_MS);

/** Customers through the real ingest path, each with a purchase before eligibility (pre-period spend). */
async function makeCustomers(prefix: string, count: number): Promise<{ id: string; pre: number }[]> {
  const items: NewInteraction[] = [];
  for (let i = 0; i < count; i++) {
    items.push({
      customer: { source: 'test', externalId: `${prefix}-${i}` },
      source: 'test',
      sourceId: `${prefix}-${i}-pre`,
      channel: 'web',
      kind: 'purchase',
      direction: 'inbound',
      occurredAt: day(-100),
      amountMinor: 1000 + ((i * 7919) % 5000),
      currency: 'USD',
    });
  }
  const r = await recordInteractions(t.ctx, items);
  return r.outcomes.map((o, i) => {
    if (o.status === 'rejected') throw new Error(o.reason);
    return { id: o.customerId, pre: items[i]?.amountMinor as number };
  });
}

/** Assigns customers one after another, as a program meeting them over time would. */
async function armsOf(kind: ProgramKind, programId: string, customers: { id: string }[]) {
  const arms = [];
  for (const c of customers)
    arms.push(await assignArm({ db: t.ctx.db }, { programKind: kind, programId, customerId: c.id, at: now }));
  return arms;
}

async function createProgram(json: AnyJson): Promise<AnyJson> {
  const res = await t.api('/api/v1/outreach/programs', { method: 'POST', json });
  expect(res.status).toBe(201);
  return res.json();
}

describe('holdout assignment', () => {
  it('registers a program once when two callers register it at the same moment', async () => {
    const [customer] = await makeCustomers('register-race', 1);
    const programId = '0194b3c0-0000-7000-8000-00000000beef';
    const request = {
      programKind: 'playbook' as const,
      programId,
      customerId: customer?.id as string,
      at: now,
      register: { key: 'race-playbook', name: 'Race playbook' },
    };
    // The first registration stays uncommitted while the second one's insert waits on it: the
    // second statement's snapshot predates the commit, so it must read the program again.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const first = t.ctx.db.transaction().execute(async (trx) => {
      const arm = await assignArm({ db: trx }, request);
      await held;
      return arm;
    });
    await new Promise((r) => setTimeout(r, 50));
    const second = assignArm({ db: t.ctx.db }, request);
    await new Promise((r) => setTimeout(r, 100));
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(b).toBe(a);
    const programs = await t.ctx.db
      .selectFrom('outreach_program')
      .select('id')
      .where('id', '=', programId)
      .execute();
    expect(programs).toHaveLength(1);
  });

  it('is deterministic, persistent when the share changes, and one row under concurrency', async () => {
    const program = await createProgram({ kind: 'campaign', key: 'spring-letter', name: 'Spring letter' });
    expect(program.holdoutShare).toBe(0.1);
    const customers = await makeCustomers('persist', 400);
    const arm = (id: string) =>
      assignArm(
        { db: t.ctx.db },
        { programKind: 'campaign', programId: program.id, customerId: id, at: now },
      );
    const first = await armsOf('campaign', program.id, customers);
    const heldOut = first.filter((a) => a === 'held-out').length;
    expect(heldOut).toBeGreaterThan(20);
    expect(heldOut).toBeLessThan(65);
    const patch = await t.api(`/api/v1/outreach/programs/${program.id}`, {
      method: 'PATCH',
      json: { holdoutShare: 0.5 },
    });
    expect((await patch.json()).holdoutShare).toBe(0.5);
    const again = await Promise.all(customers.map((c) => arm(c.id)));
    expect(again).toEqual(first);
    // Five workers deciding the same new customer at once agree and store one row.
    const [fresh] = await makeCustomers('race', 1);
    const raced = await Promise.all([1, 2, 3, 4, 5].map(() => arm(fresh?.id as string)));
    expect(new Set(raced).size).toBe(1);
    const rows = await t.ctx.db
      .selectFrom('program_assignment')
      .select(['arm', 'eligible_at'])
      .where('customer_id', '=', fresh?.id as string)
      .execute();
    expect(rows).toHaveLength(1);
    // The change of share is audited with what it was before.
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'outreach.program.update')
      .where('target', '=', program.id)
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ from: { holdoutShare: 0.1 }, holdoutShare: 0.5 });
    expect(
      (
        await t.api(`/api/v1/outreach/programs/${program.id}`, {
          method: 'PATCH',
          json: { holdoutShare: 0.7 },
        })
      ).status,
    ).toBe(400);
  });

  it('keeps the global control group out of every program, and counts it apart', async () => {
    const set = await t.api(`/api/v1/outreach/programs/${GLOBAL_CONTROL_ID}`, {
      method: 'PATCH',
      json: { holdoutShare: 0.05 },
    });
    expect(set.status).toBe(200);
    const program = await createProgram({ kind: 'win-back', key: 'lapsed-offer', name: 'Lapsed offer' });
    const customers = await makeCustomers('global', 300);
    const arms = await armsOf('win-back', program.id, customers);
    const inControl = arms.filter((a) => a === 'global-control').length;
    expect(inControl).toBeGreaterThan(3);
    expect(inControl).toBeLessThan(30);
    // Turned off again, the group keeps whoever it holds.
    await t.api(`/api/v1/outreach/programs/${GLOBAL_CONTROL_ID}`, {
      method: 'PATCH',
      json: { holdoutShare: 0 },
    });
    const other = await createProgram({ kind: 'offer', key: 'loyal-ten', name: 'Ten years' });
    const again = await armsOf('offer', other.id, customers);
    expect(again.filter((a) => a === 'global-control').length).toBe(inControl);
    const report = await (await t.api(`/api/v1/outreach/uplift?programId=${program.id}`)).json();
    expect(report.data[0].arms.globalControl.customers).toBe(inControl);
    expect(report.data[0].arms.treated.customers + report.data[0].arms.heldOut.customers).toBe(
      300 - inControl,
    );
  });
});

describe('assignArms (many customers in one statement)', () => {
  it('gives each customer the arm assignArm gives, keeps it, and writes one row under concurrency', async () => {
    await t.api(`/api/v1/outreach/programs/${GLOBAL_CONTROL_ID}`, {
      method: 'PATCH',
      json: { holdoutShare: 0.1 },
    });
    const one = await createProgram({ kind: 'campaign', key: 'one-by-one', name: 'One by one' });
    const many = await createProgram({ kind: 'campaign', key: 'all-at-once', name: 'All at once' });
    const customers = await makeCustomers('batch', 600);
    const ids = customers.map((c) => c.id);
    const expected = (programId: string, id: string, global: string | undefined) =>
      global === 'global-control' ? global : armDraw(programId, id) < 0.1 ? 'held-out' : 'treated';
    // The first half already drawn one by one (global rows too), the rest new to both.
    const single = await armsOf('campaign', one.id, customers.slice(0, 300));
    const req = { programKind: 'campaign' as const, programId: many.id, at: now };
    // Two workers batching overlapping halves at once agree with each other.
    const [a, b] = await Promise.all([
      assignArms({ db: t.ctx.db }, { ...req, customerIds: ids.slice(0, 400) }),
      assignArms({ db: t.ctx.db }, { ...req, customerIds: ids.slice(200) }),
    ]);
    for (const id of ids.slice(200, 400)) expect(a.get(id)).toBe(b.get(id));
    const globals = new Map(
      (
        await t.ctx.db
          .selectFrom('program_assignment')
          .select(['customer_id', 'arm'])
          .where('program_id', '=', GLOBAL_CONTROL_ID)
          .where('customer_id', 'in', ids)
          .execute()
      ).map((r) => [r.customer_id, r.arm]),
    );
    expect(globals.size).toBe(600);
    const inControl = [...globals.values()].filter((arm) => arm === 'global-control').length;
    expect(inControl).toBeGreaterThan(30);
    expect(inControl).toBeLessThan(95);
    const batched = ids.map((id) => a.get(id) ?? b.get(id));
    expect(batched).toEqual(ids.map((id) => expected(many.id, id, globals.get(id))));
    expect(single).toEqual(ids.slice(0, 300).map((id) => expected(one.id, id, globals.get(id))));
    expect(await armsOf('campaign', many.id, customers.slice(0, 50))).toEqual(batched.slice(0, 50));
    // Persistent: a new share and the group turned off change nobody's stored arm.
    await t.api(`/api/v1/outreach/programs/${many.id}`, { method: 'PATCH', json: { holdoutShare: 0.5 } });
    await t.api(`/api/v1/outreach/programs/${GLOBAL_CONTROL_ID}`, {
      method: 'PATCH',
      json: { holdoutShare: 0 },
    });
    const again = await assignArms({ db: t.ctx.db }, { ...req, customerIds: [...ids, ...ids.slice(0, 10)] });
    expect(ids.map((id) => again.get(id))).toEqual(batched);
    const rows = await t.ctx.db
      .selectFrom('program_assignment')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('program_id', '=', many.id)
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(600);
  });
});

describe('GET /api/v1/outreach/uplift', () => {
  it('reports an interval that contains the true effect of a campaign with a 10% holdout', async () => {
    const program = await createProgram({
      kind: 'campaign',
      key: 'check-in-letter',
      name: 'Check-in letter',
    });
    const customers = await makeCustomers('uplift', 2500);
    const counters = { treated: 0, 'held-out': 0 };
    const items: NewInteraction[] = [];
    for (const c of customers) {
      const arm = await assignArm(
        { db: t.ctx.db },
        { programKind: 'campaign', programId: program.id, customerId: c.id, at: eligibleAt },
      );
      if (arm === 'global-control') continue;
      // Exactly 60% of treated and 40% of held-out customers buy again on day 75 (still active at
      // day 90): the true effect on 90-day retention is +20 points. Everyone buys half their
      // pre-period spend on day 20, so revenue follows the pre-period (what CUPED uses).
      const k = counters[arm]++;
      const retained = arm === 'treated' ? k % 5 < 3 : k % 5 < 2;
      const base = {
        customer: { id: c.id },
        source: 'test',
        channel: 'web' as const,
        kind: 'purchase',
        currency: 'USD',
      };
      items.push({
        ...base,
        sourceId: `${c.id}-d20`,
        occurredAt: day(20),
        amountMinor: Math.round(c.pre / 2),
      });
      if (retained)
        items.push({ ...base, sourceId: `${c.id}-d75`, occurredAt: day(75), amountMinor: c.pre + 1000 });
    }
    await recordInteractions(t.ctx, items);
    const res = await t.api(`/api/v1/outreach/uplift?programId=${program.id}`);
    expect(res.status).toBe(200);
    const [p] = (await res.json()).data;
    expect(p.arms.treated.customers).toBe(counters.treated);
    expect(p.arms.heldOut.customers).toBe(counters['held-out']);
    const metric = (m: string, d: number) => p.metrics.find((x: AnyJson) => x.metric === m && x.days === d);
    const retention = metric('retention', 90);
    expect(retention.treated.customers).toBe(counters.treated);
    expect(retention.difference.low).toBeLessThan(0.2);
    expect(retention.difference.high).toBeGreaterThan(0.2);
    expect(retention.difference.pValue).toBeLessThan(0.001);
    expect(retention.summary).toMatch(
      new RegExp(
        `^retention \\(90 days\\) \\+\\d+\\.\\d points, 95% interval \\+[\\d.]+ to \\+[\\d.]+, 2,\\d{3} vs \\d{3} customers$`,
      ),
    );
    // Everyone bought on day 20 and nobody was inbound otherwise: 30-day retention is 100% in both arms.
    expect(metric('retention', 30).difference.difference).toBe(0);
    // Revenue follows the pre-period spend, so adjusting for it narrows the interval.
    const revenue = metric('revenue', 90);
    expect(revenue.difference.difference).toBeGreaterThan(0);
    expect(revenue.cuped.high - revenue.cuped.low).toBeLessThan(
      revenue.difference.high - revenue.difference.low,
    );
    expect(revenue.cuped.theta).toBeGreaterThan(0);
  });

  it('is for managers and admins', async () => {
    const agent = await createStaffUser(t.ctx, 'agent');
    const cookie = await logInCookie(t, agent.staff.email, agent.password);
    expect((await t.api('/api/v1/outreach/uplift', { headers: { cookie } })).status).toBe(403);
    const manager = await createStaffUser(t.ctx, 'manager');
    const mCookie = await logInCookie(t, manager.staff.email, manager.password);
    expect((await t.api('/api/v1/outreach/uplift', { headers: { cookie: mCookie } })).status).toBe(200);
    expect((await t.api('/api/v1/outreach/uplift?currency=dollars')).status).toBe(400);
  });
});
