import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../test/helpers.ts';
import { buildCustomerFacts } from './build-rule-facts.ts';
import { raiseFlag } from './raise-flag.ts';
import { sweepCases } from './sweep-cases.ts';
import { manualClock } from './testing/fixtures.ts';
import { addCustomer, addTeam } from './testing/team-setup.ts';

const clock = manualClock('2026-11-17T10:00:00Z');
let t: TestApp;
let agent: { id: string; cookie: string };
let other: { id: string; cookie: string };
let mate: { id: string; cookie: string };
let rules: AnyJson[];
const always = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));

beforeAll(async () => {
  t = await startTestApp({ clock });
  const a = await createStaffUser(t.ctx, 'agent');
  const b = await createStaffUser(t.ctx, 'agent');
  agent = { id: a.staff.id, cookie: await logInCookie(t, a.staff.email, a.password) };
  other = { id: b.staff.id, cookie: await logInCookie(t, b.staff.email, b.password) };
  const m = await createStaffUser(t.ctx, 'agent');
  mate = { id: m.staff.id, cookie: await logInCookie(t, m.staff.email, m.password) };
  await addTeam(t, 'Desk', 'UTC', always, [agent.id, mate.id], null);
  rules = (await (await t.api('/api/v1/rules')).json()).data;
});
afterAll(() => t?.close());

/** Opens a case for a new customer owned by the agent (a flag raised directly, as the worker would). */
async function openCase(key = 'nps-detractor', over: Record<string, unknown> = {}) {
  const customerId = await addCustomer(t, {
    name: `Customer ${Math.random().toString(36).slice(2, 6)}`,
    emails: ['c@example.com'],
    ownerId: agent.id,
    ...over,
  });
  const rule = rules.find((r) => r.key === key);
  const r = await raiseFlag(t.ctx, {
    customerId,
    rule: {
      id: rule.id,
      key,
      name: rule.name,
      severity: rule.severity,
      playbookId: rule.playbookId,
      notify: ['in-app'],
      cooldownDays: 0,
    },
    triggerKey: `test:${customerId}`,
    summary: rule.name,
    event: null,
    customer: await buildCustomerFacts(t.ctx, customerId),
  });
  return { customerId, caseId: r.caseId as string };
}
const post = (path: string, json: unknown, cookie = agent.cookie) =>
  t.api(path, { method: 'POST', json, headers: { cookie } });

describe('/api/v1/cases', () => {
  it('lists my cases, my team’s, overdue ones and by severity, most urgent first', async () => {
    const high = await openCase('nps-detractor');
    const critical = await openCase('cancellation-intent');
    const low = await openCase('no-contact-90d');
    const mine = (
      await (await t.api('/api/v1/cases?mine=true', { headers: { cookie: agent.cookie } })).json()
    ).data;
    expect(mine.map((c: AnyJson) => c.id)).toEqual([critical.caseId, high.caseId, low.caseId]);
    // Lists carry the customer's name, so an inbox needs no per-row customer read.
    expect(mine.every((c: AnyJson) => /^Customer \w+$/.test(c.customerName))).toBe(true);
    const tasks = (
      await (await t.api('/api/v1/tasks?mine=true', { headers: { cookie: agent.cookie } })).json()
    ).data;
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.every((x: AnyJson) => typeof x.customerName === 'string')).toBe(true);
    const team = (
      await (await t.api('/api/v1/cases?team=mine', { headers: { cookie: agent.cookie } })).json()
    ).data;
    expect(team).toHaveLength(3);
    expect(
      (await (await t.api('/api/v1/cases?team=mine', { headers: { cookie: other.cookie } })).json()).data,
    ).toHaveLength(0);
    const bySeverity = (await (await t.api('/api/v1/cases?severity=critical,low')).json()).data;
    expect(bySeverity.map((c: AnyJson) => c.severity).sort()).toEqual(['critical', 'low']);
    expect((await (await t.api('/api/v1/cases?overdue=true')).json()).data).toHaveLength(0);
    clock.set('2026-11-17T11:30:00Z'); // a critical case must be contacted within one hour
    const overdue = (await (await t.api('/api/v1/cases?overdue=true')).json()).data;
    expect(overdue.map((c: AnyJson) => c.id)).toEqual([critical.caseId]);
    const page1 = await (await t.api('/api/v1/cases?limit=2')).json();
    const page2 = await (await t.api(`/api/v1/cases?limit=2&cursor=${page1.nextCursor}`)).json();
    expect([...page1.data, ...page2.data].map((c: AnyJson) => c.id)).toEqual([
      critical.caseId,
      high.caseId,
      low.caseId,
    ]);
    expect((await t.api('/api/v1/cases?mine=true')).status).toBe(400); // an API key has no "mine"
    // The customer 360 counts the open case and its tasks.
    const c360 = await (await t.api(`/api/v1/customers/${high.customerId}`)).json();
    expect(c360.aggregates.openItems).toBe(6);
  });

  it('comments, reassigns (with the open tasks), snoozes and wakes, resolves and reopens', async () => {
    clock.set('2026-11-17T12:00:00Z');
    const { caseId } = await openCase();
    expect(
      (await post(`/api/v1/cases/${caseId}/comments`, { body: 'Tried to call, voicemail.' })).status,
    ).toBe(200);
    const reassigned = await (
      await post(`/api/v1/cases/${caseId}/reassign`, { assigneeId: mate.id, reason: 'speaks Portuguese' })
    ).json();
    expect(reassigned.assigneeId).toBe(mate.id);
    expect(reassigned.tasks.every((x: AnyJson) => x.assigneeId === mate.id)).toBe(true);
    const notices = (
      await (await t.api('/api/v1/notifications?unread=true', { headers: { cookie: mate.cookie } })).json()
    ).data;
    expect(notices[0]).toMatchObject({ kind: 'case-assigned', caseId });
    expect(
      (
        await t.api(`/api/v1/notifications/${notices[0].id}/read`, {
          method: 'POST',
          headers: { cookie: mate.cookie },
        })
      ).status,
    ).toBe(204);

    const snoozed = await (
      await post(`/api/v1/cases/${caseId}/snooze`, {
        until: '2026-11-18T09:00:00Z',
        reason: 'customer travelling',
      })
    ).json();
    expect(snoozed).toMatchObject({ status: 'snoozed', snoozedUntil: '2026-11-18T09:00:00.000Z' });
    expect(
      (await post(`/api/v1/cases/${caseId}/snooze`, { until: '2026-11-01T09:00:00Z', reason: 'past' }))
        .status,
    ).toBe(400);
    clock.set('2026-11-18T09:05:00Z');
    expect((await sweepCases(t.ctx)).woken).toBeGreaterThanOrEqual(1);
    const woken = await (await t.api(`/api/v1/cases/${caseId}`)).json();
    expect(woken.status).toBe('open');

    const resolved = await (
      await post(`/api/v1/cases/${caseId}/resolve`, {
        outcome: 'churned',
        rootCauses: ['price', 'competitor'],
      })
    ).json();
    expect(resolved).toMatchObject({
      status: 'resolved',
      outcome: 'churned',
      rootCauses: ['price', 'competitor'],
    });
    expect(
      resolved.tasks.filter((x: AnyJson) => x.status === 'cancelled').map((x: AnyJson) => x.type),
    ).toEqual(['call', 'email', 'gesture']);
    expect((await post(`/api/v1/cases/${caseId}/comments`, { body: 'still here' })).status).toBe(200);
    expect(
      (await post(`/api/v1/cases/${caseId}/snooze`, { until: '2026-12-01T00:00:00Z', reason: 'x' })).status,
    ).toBe(409);

    const reopened = await (
      await post(`/api/v1/cases/${caseId}/reopen`, { reason: 'they called back angry' })
    ).json();
    expect(reopened).toMatchObject({ status: 'open', outcome: null, cycle: 1 });
    expect(new Date(reopened.resolutionDueAt).getTime()).toBeGreaterThan(
      new Date('2026-11-18T09:05:00Z').getTime(),
    );
    expect(reopened.history.map((h: AnyJson) => h.kind)).toEqual(
      expect.arrayContaining(['opened', 'comment', 'reassigned', 'snoozed', 'woken', 'resolved', 'reopened']),
    );
    const previous = reopened.history.find((h: AnyJson) => h.kind === 'reopened').details.previous;
    expect(previous).toMatchObject({ outcome: 'churned', rootCauses: ['price', 'competitor'] });
  });

  it('refuses to reopen when the customer already has another open case', async () => {
    const { caseId, customerId } = await openCase();
    await post(`/api/v1/cases/${caseId}/resolve`, { outcome: 'not-an-issue' });
    const rule = rules.find((r) => r.key === 'csat-low');
    await raiseFlag(t.ctx, {
      customerId,
      rule: {
        id: rule.id,
        key: rule.key,
        name: rule.name,
        severity: 'high',
        playbookId: null,
        notify: [],
        cooldownDays: 0,
      },
      triggerKey: 'test:second',
      summary: 'CSAT 1',
      event: null,
      customer: await buildCustomerFacts(t.ctx, customerId),
    });
    const res = await post(`/api/v1/cases/${caseId}/reopen`, { reason: 'again' });
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toMatch(/already has open case/);
  });

  it('links a follow-up result by hand and manages root causes, playbooks and SLA targets', async () => {
    const { caseId } = await openCase();
    const linked = await (
      await post(`/api/v1/cases/${caseId}/follow-up`, { type: 'csat', score: 5, responseId: 'paper-card-17' })
    ).json();
    expect(linked.followUp).toMatchObject({ type: 'csat', score: 5, responseId: 'paper-card-17' });
    expect(linked.tasks.find((x: AnyJson) => x.type === 'survey').status).toBe('done');

    expect(
      (
        await t.api('/api/v1/loop/root-causes', {
          method: 'PUT',
          json: { key: 'onboarding', label: 'Onboarding' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await t.api('/api/v1/loop/root-causes', {
          method: 'PUT',
          json: { key: 'onboarding', label: 'Onboarding' },
          headers: { cookie: agent.cookie },
        })
      ).status,
    ).toBe(403);
    const pb = await t.api('/api/v1/loop/playbooks', {
      method: 'POST',
      json: {
        key: 'vip-save',
        name: 'VIP save',
        steps: [{ type: 'call', title: 'Call within 2 h', dueAfterHours: 2 }],
      },
    });
    expect(pb.status).toBe(201);
    const sla = await (
      await t.api('/api/v1/loop/sla-policies', {
        method: 'PUT',
        json: { severity: 'low', firstContactMinutes: 2880, resolutionMinutes: 9600 },
      })
    ).json();
    expect(sla.data.find((p: AnyJson) => p.severity === 'low')).toMatchObject({
      firstContactMinutes: 2880,
      warnAtPercent: 75,
    });
    const bad = await t.api('/api/v1/loop/sla-policies', {
      method: 'PUT',
      json: { severity: 'low', firstContactMinutes: 100, resolutionMinutes: 50 },
    });
    expect(bad.status).toBe(400);
  });

  it('validates team hours', async () => {
    const team = (await (await t.api('/api/v1/teams')).json()).data[0];
    const overlap = await t.api(`/api/v1/teams/${team.id}/coverage`, {
      method: 'PUT',
      json: {
        intervals: [
          { weekday: 1, start: '08:00', end: '12:00' },
          { weekday: 1, start: '11:00', end: '14:00' },
        ],
      },
    });
    expect(overlap.status).toBe(400);
    const badTz = await t.api('/api/v1/teams', {
      method: 'POST',
      json: { name: 'Mars', timeZone: 'Mars/Olympus' },
    });
    expect(badTz.status).toBe(400);
    expect(team.members[0]).toMatchObject({ staffId: agent.id, onShift: true });
  });
});
