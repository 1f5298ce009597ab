import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../test/helpers.ts';
import { manualClock } from './testing/fixtures.ts';
import { addTeam, flagNewCustomer } from './testing/team-setup.ts';

// Tuesday 17 November 2026, 10:00 UTC.
const clock = manualClock('2026-11-17T10:00:00Z');
const always = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
let t: TestApp;
let rules: AnyJson[];
let manager: { id: string; cookie: string };
let ann: { id: string; cookie: string };
let lou: { id: string; cookie: string };
let teamA: string;

async function login(role: 'manager' | 'agent') {
  const u = await createStaffUser(t.ctx, role);
  return { id: u.staff.id, cookie: await logInCookie(t, u.staff.email, u.password) };
}

async function openCase(ownerId: string | null, key = 'nps-detractor') {
  const rule = rules.find((r) => r.key === key);
  const r = await flagNewCustomer(t, rule, {
    name: `Customer ${Math.random().toString(36).slice(2, 6)}`,
    ownerId,
  });
  return r.caseId as string;
}
const get = async (path: string, cookie?: string) =>
  (await t.api(path, cookie ? { headers: { cookie } } : {})).json();

beforeAll(async () => {
  t = await startTestApp({ clock });
  manager = await login('manager');
  ann = await login('agent');
  lou = await login('agent'); // in no team
  // The manager manages Team A without being a member of it.
  teamA = await addTeam(t, 'Team A', 'UTC', always, [ann.id], manager.id);
  rules = (await (await t.api('/api/v1/rules')).json()).data;
});
afterAll(() => t?.close());

describe('work queues', () => {
  it('show a manager every open case: their team’s, cases in no team, by owner and SLA state', async () => {
    const annCase = await openCase(ann.id);
    const louCase = await openCase(lou.id, 'cancellation-intent'); // Lou is in no team
    // "My team" of a manager is the team they manage, even when not a member of it.
    const mine = await get('/api/v1/cases?team=mine', manager.cookie);
    expect(mine.data.map((c: AnyJson) => c.id)).toEqual([annCase]);
    const none = await get('/api/v1/cases?team=none', manager.cookie);
    expect(none.data.map((c: AnyJson) => c.id)).toEqual([louCase]);
    const all = await get('/api/v1/cases?status=active', manager.cookie);
    expect(all.data.map((c: AnyJson) => c.id).sort()).toEqual([annCase, louCase].sort());
    expect((await get(`/api/v1/cases?team=${teamA}`)).data).toHaveLength(1);
    expect((await get(`/api/v1/cases?assigneeId=${lou.id}`)).data.map((c: AnyJson) => c.id)).toEqual([
      louCase,
    ]);
    expect(all.data.every((c: AnyJson) => c.slaState === 'on-track')).toBe(true);

    // Critical: first contact due in 1 h, warned at 45 min; high: 4 h, warned at 3 h.
    clock.set('2026-11-17T10:50:00Z');
    const warning = await get('/api/v1/cases?sla=warning');
    expect(warning.data.map((c: AnyJson) => [c.id, c.slaState])).toEqual([[louCase, 'warning']]);
    clock.set('2026-11-17T11:10:00Z');
    expect((await get('/api/v1/cases?sla=breached')).data.map((c: AnyJson) => c.id)).toEqual([louCase]);
    expect((await get('/api/v1/cases?sla=on-track')).data.map((c: AnyJson) => c.id)).toEqual([annCase]);
    expect((await get('/api/v1/cases?sla=on-track,breached')).data).toHaveLength(2);
    expect((await t.api('/api/v1/cases?sla=late')).status).toBe(400);
  });

  it('reassigns and snoozes in bulk, each case on its own, with the agent’s limits', async () => {
    clock.set('2026-11-17T12:00:00Z');
    const a = await openCase(ann.id);
    const b = await openCase(lou.id);
    const bulk = (body: unknown, cookie: string) =>
      t.api('/api/v1/cases/bulk', { method: 'POST', json: body, headers: { cookie } });

    // Ann may snooze her own case, not Lou's: one done, one refused, nothing else changed.
    const snooze = { kind: 'snooze', until: '2026-11-18T09:00:00Z', reason: 'waiting on the warehouse' };
    const partly = await (await bulk({ caseIds: [a, b], action: snooze }, ann.cookie)).json();
    expect(partly).toMatchObject({ done: 1, failed: 1 });
    expect(partly.results).toEqual([
      { id: a, ok: true },
      { id: b, ok: false, error: { code: 'forbidden', message: expect.stringContaining('another team') } },
    ]);
    expect((await get(`/api/v1/cases/${a}`)).status).toBe('snoozed');
    expect((await get(`/api/v1/cases/${b}`)).status).toBe('open');

    const moved = await (
      await bulk(
        { caseIds: [a, b], action: { kind: 'reassign', assigneeId: ann.id, reason: 'Lou is out' } },
        manager.cookie,
      )
    ).json();
    expect(moved).toMatchObject({ done: 2, failed: 0 });
    const cases = await Promise.all([a, b].map((id) => get(`/api/v1/cases/${id}`)));
    expect(cases.map((c) => [c.assigneeId, c.teamId])).toEqual([
      [ann.id, teamA],
      [ann.id, teamA],
    ]);
    expect(cases[1].tasks.every((x: AnyJson) => x.assigneeId === ann.id)).toBe(true);
    expect((await bulk({ caseIds: [], action: snooze }, manager.cookie)).status).toBe(400);
  });

  it('lists notifications with the unread count, marks one or all read, and only one’s own', async () => {
    const list = await get('/api/v1/notifications', ann.cookie);
    expect(list.unreadCount).toBeGreaterThanOrEqual(3);
    expect(list.data[0]).toMatchObject({ kind: 'case-assigned', readAt: null });
    expect(list.data.every((n: AnyJson) => typeof n.caseId === 'string')).toBe(true);
    const first = list.data[0].id;
    const mark = (path: string, cookie: string) => t.api(path, { method: 'POST', headers: { cookie } });
    expect((await mark(`/api/v1/notifications/${first}/read`, lou.cookie)).status).toBe(404);
    expect((await mark(`/api/v1/notifications/${first}/read`, ann.cookie)).status).toBe(204);
    expect((await get('/api/v1/notifications', ann.cookie)).unreadCount).toBe(list.unreadCount - 1);
    const all = await (await mark('/api/v1/notifications/read-all', ann.cookie)).json();
    expect(all.marked).toBe(list.unreadCount - 1);
    const after = await get('/api/v1/notifications?unread=true', ann.cookie);
    expect(after).toEqual({ data: [], unreadCount: 0 });
  });
});
