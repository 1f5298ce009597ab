import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../../test/helpers.ts';
import { setTestScores } from '../../insight/testing/set-scores.ts';
import { manualClock } from '../../loop/testing/fixtures.ts';
import { armDraw } from '../uplift/assign-arm.ts';
import { buildCallListsJob } from './build-call-lists-job.ts';

// Call lists through the real API and database on a fixed Monday morning: who is called, by whom,
// in which order and when, who gets an email instead and why, the holdout, the idempotent
// rebuild, completion by a logged call, and who may see which list.

const clock = manualClock('2026-12-07T06:00:00Z');
const DAY = '2026-12-07';
let t: TestApp;
let repA: { id: string; email: string; password: string };
let repB: { id: string; email: string; password: string };
let manager: { id: string; email: string; password: string };
let segmentId = '';
const ids: Record<string, string> = {};

async function staff(role: 'agent' | 'manager', email: string) {
  const { staff: s, password } = await createStaffUser(t.ctx, role, email);
  return { id: s.id, email: s.email, password };
}

async function customer(name: string, json: Record<string, unknown>) {
  const res = await t.api('/api/v1/customers', { method: 'POST', json: { name, ...json } });
  expect(res.status).toBe(201);
  ids[name] = (await res.json()).id;
  return ids[name] as string;
}

const asStaff = async (s: { email: string; password: string }) => ({
  cookie: await logInCookie(t, s.email, s.password),
});

async function createList(json: Record<string, unknown>) {
  const res = await t.api('/api/v1/call-lists', {
    method: 'POST',
    json: { segmentId, capPerRep: 3, ...json },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as AnyJson;
}

const build = async (listId: string) => {
  const res = await t.api(`/api/v1/call-lists/${listId}/build`, { method: 'POST' });
  expect(res.status).toBe(200);
  return (await res.json()) as AnyJson;
};

beforeAll(async () => {
  t = await startTestApp({ clock });
  repA = await staff('agent', 'ann.rep@example.com');
  repB = await staff('agent', 'ben.rep@example.com');
  manager = await staff('manager', 'mia.manager@example.com');
  const seg = await t.api('/api/v1/segments', {
    method: 'POST',
    json: {
      name: 'Check-in',
      definition: { match: 'all', conditions: [{ field: 'name', op: 'startsWith', value: 'CL ' }] },
    },
  });
  expect(seg.status).toBe(201);
  segmentId = (await seg.json()).id;
  const phone = (n: number) => [`+44 20 7946 01${n}0`];
  const base = { timeZone: 'Europe/London' };
  // Ann owns four; at a cap of three the one with the least value at risk waits.
  await customer('CL A1', { ...base, phones: phone(1), emails: ['a1@example.com'], ownerId: repA.id });
  await customer('CL A2', { ...base, phones: phone(2), emails: ['a2@example.com'], ownerId: repA.id });
  await customer('CL A3', { ...base, phones: phone(3), emails: ['a3@example.com'], ownerId: repA.id });
  await customer('CL A4', { ...base, phones: phone(4), emails: ['a4@example.com'], ownerId: repA.id });
  // Ben's: one refused phone calls, one in New York with quiet hours until noon.
  await customer('CL B1', { ...base, phones: phone(5), emails: ['b1@example.com'], ownerId: repB.id });
  await customer('CL B2', {
    timeZone: 'America/New_York',
    phones: phone(6),
    emails: ['b2@example.com'],
    ownerId: repB.id,
  });
  await customer('CL U1', { ...base, phones: phone(7), emails: ['u1@example.com'] });
  await customer('Other', { ...base, phones: phone(8), ownerId: repA.id });
  await setTestScores(t.ctx, [
    { customerId: ids['CL A1'] as string, clvMinor: 100_000, churnProbability: 0.1 }, // 100 EUR at risk
    { customerId: ids['CL A2'] as string, clvMinor: 50_000, churnProbability: 0.8 }, // 400
    { customerId: ids['CL A3'] as string, clvMinor: 200_000, churnProbability: 0.5 }, // 1,000
    { customerId: ids['CL A4'] as string, clvMinor: 10_000, churnProbability: 0.5 }, // 50
    { customerId: ids['CL B1'] as string, clvMinor: 80_000, churnProbability: 0.5 },
    { customerId: ids['CL B2'] as string, clvMinor: 60_000, churnProbability: 0.5 },
  ]);
  const refuse = await t.api(`/api/v1/outreach/customers/${ids['CL B1']}/consent`, {
    method: 'PUT',
    json: { cells: [{ channel: 'phone', purpose: 'service', state: 'refused' }], source: 'told a rep' },
  });
  expect(refuse.status).toBe(200);
  const quiet = await t.api(`/api/v1/outreach/customers/${ids['CL B2']}/consent`, {
    method: 'PUT',
    json: { quietHours: { from: '20:00', to: '12:00' } },
  });
  expect(quiet.status).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

describe('call lists', () => {
  let list: AnyJson;
  beforeAll(async () => {
    list = await createList({ name: 'Monday check-ins', holdoutShare: 0 });
  });

  it("builds each rep's list capped, ordered by value at risk, and explains why", async () => {
    const summary = await build(list.id);
    expect(summary).toMatchObject({
      day: DAY,
      members: 7,
      calls: 5,
      instead: 1,
      heldOut: 0,
      overCap: 1,
      alreadyBuilt: false,
    });
    const ann = await (await t.api('/api/v1/calls/today', { headers: await asStaff(repA) })).json();
    expect(ann.data.map((i: AnyJson) => i.customerName)).toEqual(['CL A3', 'CL A2', 'CL A1']);
    expect(ann.data[0]).toMatchObject({
      channel: 'phone',
      phone: '+44 20 7946 0130',
      status: 'open',
      localTimeNow: '06:00',
      why: 'in "Monday check-ins": CLV 2,000 EUR × churn risk 50% = 1,000 EUR at risk',
      dueFrom: `${DAY}T09:00:00.000Z`,
      dueTo: `${DAY}T17:00:00.000Z`,
    });
    const unassigned = await (await t.api('/api/v1/calls/today?repId=unassigned')).json();
    expect(unassigned.data.map((i: AnyJson) => i.customerName)).toEqual(['CL U1']);
  });

  it('gives a customer who refused calls an email instead, saying so, and records the refusal', async () => {
    const ben = await (await t.api(`/api/v1/calls/today?repId=${repB.id}`)).json();
    const b1 = ben.data.find((i: AnyJson) => i.customerName === 'CL B1');
    expect(b1.channel).toBe('email');
    expect(b1.insteadReason).toBe(
      `no phone calls: email instead (opted out of service messages by phone calls (told a rep, ${DAY}))`,
    );
    const refusals = await (await t.api(`/api/v1/outreach/customers/${ids['CL B1']}/refusals`)).json();
    expect(refusals.data).toContainEqual(
      expect.objectContaining({ reference: `call-list:${list.id}:${DAY}`, rule: 'consent:service/phone' }),
    );
    const called = await sql<{ n: number }>`select count(*)::int as n from call_item
      where customer_id = ${ids['CL B1']} and channel = 'phone'`.execute(t.ctx.db);
    expect(called.rows[0]?.n).toBe(0);
  });

  it("times calls in the customer's zone, after their quiet hours", async () => {
    const ben = await (await t.api(`/api/v1/calls/today?repId=${repB.id}`)).json();
    const b2 = ben.data.find((i: AnyJson) => i.customerName === 'CL B2');
    // 12:00–17:00 in New York (EST, UTC−5) on the list's day; it is 01:00 there now.
    expect(b2).toMatchObject({
      channel: 'phone',
      timeZone: 'America/New_York',
      localTimeNow: '01:00',
      dueFrom: `${DAY}T17:00:00.000Z`,
      dueTo: `${DAY}T22:00:00.000Z`,
    });
  });

  it('a second build the same day changes nothing', async () => {
    const before = await sql<{ n: number }>`select count(*)::int as n from call_item`.execute(t.ctx.db);
    const again = await build(list.id);
    expect(again).toMatchObject({ alreadyBuilt: true, calls: 5, instead: 1, overCap: 1 });
    const after = await sql<{ n: number }>`select count(*)::int as n from call_item`.execute(t.ctx.db);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });

  it('a logged outbound call completes the item with its outcome; an email completes the email item', async () => {
    const log = await t.api('/api/v1/events', {
      method: 'POST',
      json: {
        events: [
          {
            customerId: ids['CL A3'],
            source: 'tenure',
            sourceId: 'call-a3',
            channel: 'phone',
            kind: 'call',
            direction: 'outbound',
            occurredAt: '2026-12-07T10:15:00Z',
            properties: { outcome: 'well' },
          },
          // A second call in the same batch finds the item done: the first one's outcome stays.
          {
            customerId: ids['CL A3'],
            source: 'tenure',
            sourceId: 'call-a3-again',
            channel: 'phone',
            kind: 'call',
            direction: 'outbound',
            occurredAt: '2026-12-07T10:40:00Z',
            properties: { outcome: 'badly' },
          },
          // An inbound call is not the check-in.
          {
            customerId: ids['CL A2'],
            source: 'tenure',
            sourceId: 'call-a2',
            channel: 'phone',
            kind: 'call',
            direction: 'inbound',
            occurredAt: '2026-12-07T10:20:00Z',
          },
          {
            customerId: ids['CL B1'],
            source: 'tenure',
            sourceId: 'mail-b1',
            channel: 'email',
            kind: 'email',
            direction: 'outbound',
            occurredAt: '2026-12-07T11:00:00Z',
          },
        ],
      },
    });
    expect(log.status).toBe(200);
    const ann = await (await t.api(`/api/v1/calls/today?repId=${repA.id}`)).json();
    const byName = Object.fromEntries(ann.data.map((i: AnyJson) => [i.customerName, i]));
    expect(byName['CL A3']).toMatchObject({
      status: 'done',
      outcome: 'well',
      completedAt: '2026-12-07T10:15:00.000Z',
    });
    expect(byName['CL A2'].status).toBe('open');
    // Open work first.
    expect(ann.data.map((i: AnyJson) => i.customerName)).toEqual(['CL A2', 'CL A1', 'CL A3']);
    const ben = await (await t.api(`/api/v1/calls/today?repId=${repB.id}`)).json();
    expect(ben.data.find((i: AnyJson) => i.customerName === 'CL B1').status).toBe('done');
  });

  it('skips with a reason; agents only their own items and their own list', async () => {
    const ann = await (await t.api(`/api/v1/calls/today?repId=${repA.id}`)).json();
    const a1 = ann.data.find((i: AnyJson) => i.customerName === 'CL A1');
    const benCookie = await asStaff(repB);
    const notHis = await t.api(`/api/v1/calls/${a1.id}/skip`, {
      method: 'POST',
      headers: benCookie,
      json: { reason: 'x' },
    });
    expect(notHis.status).toBe(403);
    const seeAnn = await t.api(`/api/v1/calls/today?repId=${repA.id}`, { headers: benCookie });
    expect(seeAnn.status).toBe(403);
    const mgr = await t.api(`/api/v1/calls/today?repId=${repA.id}`, { headers: await asStaff(manager) });
    expect(mgr.status).toBe(200);
    const annCookie = await asStaff(repA);
    const empty = await t.api(`/api/v1/calls/${a1.id}/skip`, {
      method: 'POST',
      headers: annCookie,
      json: { reason: '' },
    });
    expect(empty.status).toBe(400);
    const ok = await t.api(`/api/v1/calls/${a1.id}/skip`, {
      method: 'POST',
      headers: annCookie,
      json: { reason: 'in hospital, try next month' },
    });
    expect(ok.status).toBe(204);
    const after = await (await t.api('/api/v1/calls/today', { headers: annCookie })).json();
    expect(after.data.find((i: AnyJson) => i.id === a1.id)).toMatchObject({
      status: 'skipped',
      skipReason: 'in hospital, try next month',
    });
    const audit = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = 'calls.skip'`.execute(t.ctx.db);
    expect(audit.rows[0]?.n).toBe(1);
    // Agents neither define nor build lists.
    const agentCreate = await t.api('/api/v1/call-lists', {
      method: 'POST',
      headers: annCookie,
      json: { name: 'Mine', segmentId, capPerRep: 5 },
    });
    expect(agentCreate.status).toBe(403);
  });

  it('records held-out customers and does not call them', async () => {
    const held = await createList({ name: 'Half held out', holdoutShare: 0.5, capPerRep: 10 });
    const summary = await build(held.id);
    const members = ['CL A1', 'CL A2', 'CL A3', 'CL A4', 'CL B1', 'CL B2', 'CL U1'].map(
      (n) => ids[n] as string,
    );
    const expected = members.filter((id) => armDraw(held.id, id) < 0.5);
    expect(summary.heldOut).toBe(expected.length);
    const rows = await sql<{ customer_id: string; status: string; arm: string }>`
      select i.customer_id, i.status, a.arm from call_item i
      join program_assignment a on a.customer_id = i.customer_id and a.program_id = i.call_list_id
      where i.call_list_id = ${held.id}`.execute(t.ctx.db);
    const heldOut = rows.rows.filter((r) => r.status === 'held-out');
    expect(heldOut.map((r) => r.customer_id).sort()).toEqual([...expected].sort());
    expect(heldOut.every((r) => r.arm === 'held-out')).toBe(true);
    expect(rows.rows.filter((r) => r.status !== 'held-out').every((r) => r.arm === 'treated')).toBe(true);
  });

  it("is in the customer's data export, and erasure removes their items", async () => {
    const exported = await (await t.api(`/api/v1/customers/${ids['CL U1']}/export`)).json();
    expect(JSON.stringify(exported)).toContain('Monday check-ins');
    const erase = await t.api(`/api/v1/customers/${ids['CL U1']}`, {
      method: 'DELETE',
      json: { reason: 'GDPR request 7' },
    });
    expect(erase.status).toBe(200);
    const left = await sql<{ n: number }>`select count(*)::int as n from call_item
      where customer_id = ${ids['CL U1']}`.execute(t.ctx.db);
    expect(left.rows[0]?.n).toBe(0);
    expect((await (await t.api('/api/v1/calls/today?repId=unassigned')).json()).data).toEqual([]);
  });

  it('refuses bad definitions with a 4xx that says what is wrong', async () => {
    const post = (json: Record<string, unknown>) => t.api('/api/v1/call-lists', { method: 'POST', json });
    const cases: [Record<string, unknown>, number, string][] = [
      [{ name: 'x', segmentId, capPerRep: 0 }, 400, 'capPerRep'],
      [{ name: 'x', segmentId, capPerRep: 201 }, 400, 'capPerRep'],
      [{ name: 'x', segmentId, capPerRep: 5, callFrom: '25:00' }, 400, 'callFrom'],
      [
        { name: 'x', segmentId, capPerRep: 5, callFrom: '18:00', callTo: '09:00' },
        400,
        'callFrom must be before callTo',
      ],
      [{ name: 'x', segmentId, capPerRep: 5, holdoutShare: 0.9 }, 400, 'holdoutShare'],
      [{ name: 'x', segmentId: '0193a000-0000-7000-8000-000000000000', capPerRep: 5 }, 400, 'does not exist'],
      [{ name: 'Monday check-ins', segmentId, capPerRep: 5 }, 409, 'already exists'],
    ];
    for (const [json, status, says] of cases) {
      const res = await post(json);
      expect(res.status, JSON.stringify(json)).toBe(status);
      expect(await res.text()).toContain(says);
    }
    const bad = await t.api('/api/v1/call-lists/not-a-uuid/build', { method: 'POST' });
    expect(bad.status).toBe(400);
  });

  it('the morning job builds every active list for the new day, and skips inactive ones', async () => {
    const lists = (await (await t.api('/api/v1/call-lists')).json()).data as AnyJson[];
    const held = lists.find((l) => l.name === 'Half held out');
    const off = await t.api(`/api/v1/call-lists/${held.id}`, {
      method: 'PUT',
      json: { name: held.name, segmentId, capPerRep: held.capPerRep, active: false },
    });
    expect(off.status).toBe(200);
    expect((await off.json()).active).toBe(false);
    clock.set('2026-12-08T05:00:00Z');
    try {
      await buildCallListsJob.handle(t.ctx, {});
      const builds = await sql<{ id: string }>`select call_list_id as id from call_list_build
        where day = '2026-12-08'`.execute(t.ctx.db);
      expect(builds.rows.map((r) => r.id)).toEqual([list.id]);
      // The segment decides who is on each day's list (this one has no "not contacted lately"
      // condition), so A3, called yesterday, is first again.
      const ann = await (await t.api(`/api/v1/calls/today?repId=${repA.id}`)).json();
      expect(ann.data.map((i: AnyJson) => [i.customerName, i.day, i.status])).toEqual([
        ['CL A3', '2026-12-08', 'open'],
        ['CL A2', '2026-12-08', 'open'],
        ['CL A1', '2026-12-08', 'open'],
      ]);
    } finally {
      clock.set('2026-12-07T06:00:00Z');
    }
  });
});
