import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../test/helpers.ts';
import { manualClock } from './testing/fixtures.ts';
import { addCustomer, addTeam } from './testing/team-setup.ts';

const clock = manualClock('2026-11-17T10:00:00Z');
let t: TestApp;
let rep: { id: string; cookie: string };
let colleague: string;
let stranger: string;

beforeAll(async () => {
  t = await startTestApp({ clock });
  const a = await createStaffUser(t.ctx, 'agent');
  rep = { id: a.staff.id, cookie: await logInCookie(t, a.staff.email, a.password) };
  colleague = (await createStaffUser(t.ctx, 'agent')).staff.id;
  stranger = (await createStaffUser(t.ctx, 'agent')).staff.id;
  await addTeam(t, 'Desk', 'UTC', [], [rep.id, colleague], null);
});
afterAll(() => t?.close());

const call = (method: string, path: string, json?: unknown) =>
  t.api(path, {
    method,
    headers: { cookie: rep.cookie, ...(json ? { 'content-type': 'application/json' } : {}) },
    body: json ? JSON.stringify(json) : undefined,
  });

describe('promises made to a customer', () => {
  it('are open tasks for the rep until kept, and keeping one lands on the timeline once', async () => {
    const customerId = await addCustomer(t, { name: 'Ada Promise', emails: ['ada@example.com'] });
    const id = randomUUID();
    const body = { id, customerId, title: 'Call back with the refund status', dueAt: '2026-11-19T16:00:00Z' };
    const made = await call('POST', '/api/v1/promises', body);
    expect(made.status).toBe(201);
    expect(await made.json()).toMatchObject({
      id,
      type: 'promise',
      caseId: null,
      stepIndex: null,
      status: 'open',
      assigneeId: rep.id,
      customerName: 'Ada Promise',
    });
    // A retry of the same submit makes no second promise.
    expect((await call('POST', '/api/v1/promises', body)).status).toBe(201);

    const mine: AnyJson = await (await call('GET', '/api/v1/tasks?mine=true')).json();
    expect(mine.data.filter((x: AnyJson) => x.id === id)).toHaveLength(1);
    const theirs: AnyJson = await (
      await call('GET', `/api/v1/tasks?customerId=${customerId}&type=promise`)
    ).json();
    expect(theirs.data.map((x: AnyJson) => x.title)).toEqual(['Call back with the refund status']);

    const kept = await call('POST', `/api/v1/tasks/${id}/complete`, {
      note: 'Refund went out today; told her on the phone.',
      channel: 'phone',
    });
    expect(kept.status).toBe(200);
    expect(await kept.json()).toMatchObject({ status: 'done', completedBy: rep.id });
    await call('POST', `/api/v1/tasks/${id}/complete`, { note: 'again', channel: 'phone' });

    const timeline: AnyJson = await (
      await call('GET', `/api/v1/customers/${customerId}/timeline?kind=promise-kept`)
    ).json();
    expect(timeline.data).toHaveLength(1);
    expect(timeline.data[0]).toMatchObject({
      channel: 'phone',
      direction: 'outbound',
      subject: 'Call back with the refund status',
    });
    const open: AnyJson = await (await call('GET', `/api/v1/tasks?customerId=${customerId}`)).json();
    expect(open.data).toEqual([]);
  });

  it('can be given to a teammate (not to another team), and explains what is wrong with a bad one', async () => {
    const customerId = await addCustomer(t, { name: 'Grace Later' });
    const ok = await call('POST', '/api/v1/promises', {
      id: randomUUID(),
      customerId,
      title: 'Send the brochure',
      dueAt: '2026-11-20T09:00:00Z',
      assigneeId: colleague,
    });
    expect((await ok.json()).assigneeId).toBe(colleague);
    const outside = await call('POST', '/api/v1/promises', {
      id: randomUUID(),
      customerId,
      title: 'Send the brochure',
      dueAt: '2026-11-20T09:00:00Z',
      assigneeId: stranger,
    });
    expect(outside.status).toBe(403);

    const noTitle = await call('POST', '/api/v1/promises', {
      id: randomUUID(),
      customerId,
      title: ' ',
      dueAt: '2026-11-20T09:00:00Z',
    });
    expect(noTitle.status).toBe(400);
    expect((await noTitle.json()).error.message).toContain('say what was promised');

    const nobody = await call('POST', '/api/v1/promises', {
      id: randomUUID(),
      customerId,
      title: 'Call back',
      dueAt: '2026-11-20T09:00:00Z',
      assigneeId: randomUUID(),
    });
    expect(nobody.status).toBe(400);
    expect((await nobody.json()).error.message).toMatch(/No active staff member/);

    const unknown = await call('POST', '/api/v1/promises', {
      id: randomUUID(),
      customerId: randomUUID(),
      title: 'Call back',
      dueAt: '2026-11-20T09:00:00Z',
    });
    expect(unknown.status).toBe(404);
  });
});
