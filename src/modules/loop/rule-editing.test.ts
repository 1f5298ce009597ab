import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../test/helpers.ts';
import { addCustomer, ingest, npsAnswer } from './testing/team-setup.ts';

// What the rules and playbooks editor of the web UI relies on: checking a condition as it is
// typed, patches that change only what they send, dry runs a sentence can be made of, and
// playbooks edited step by step.

let t: TestApp;
let agentCookie: string;
let managerCookie: string;
beforeAll(async () => {
  t = await startTestApp();
  const agent = await createStaffUser(t.ctx, 'agent');
  agentCookie = await logInCookie(t, agent.staff.email, agent.password);
  const manager = await createStaffUser(t.ctx, 'manager');
  managerCookie = await logInCookie(t, manager.staff.email, manager.password);
});
afterAll(() => t?.close());

const validate = async (condition: string, trigger?: 'event' | 'schedule') => {
  const res = await t.api('/api/v1/rules/validate', {
    method: 'POST',
    json: { condition, trigger },
    headers: { cookie: managerCookie },
  });
  expect(res.status).toBe(200);
  return res.json();
};
const rule = async (key: string) =>
  (await (await t.api('/api/v1/rules')).json()).data.find((r: AnyJson) => r.key === key);

describe('POST /api/v1/rules/validate', () => {
  it('accepts a boolean condition and says in words what is wrong with the others, and where', async () => {
    expect(await validate('event.properties.type == "nps" && event.properties.score <= 6')).toEqual({
      valid: true,
      type: 'bool',
    });
    expect(await validate('event.properties.score <=')).toEqual({
      valid: false,
      message: 'It ends too early: something is missing at the end.',
      position: { start: 25, end: 25, line: 1, column: 26 },
    });
    expect(await validate('customer.status = "active"')).toMatchObject({
      valid: false,
      message: '“=” is not expected here: to compare, write ==.',
      position: { line: 1, column: 17 },
    });
    expect(await validate('customer.status == active')).toMatchObject({
      valid: false,
      message: expect.stringContaining('There is no “active” to look at'),
      position: { start: 19, end: 25 },
    });
    expect(await validate('customer.tenureDays > 90 &&\n  now > 3')).toMatchObject({
      valid: false,
      message: 'A date and time cannot be compared with a number (>).',
      position: { line: 2, column: 3 },
    });
    expect(await validate('customer.tenureDays + 1')).toEqual({
      valid: false,
      message: 'It must give true or false, but it gives a number.',
    });
    expect(await validate('')).toMatchObject({ valid: false, message: expect.stringContaining('empty') });
  });

  it('refuses a field that does not exist, on save as when checked, with the nearest names', async () => {
    const condition = 'customer.highValue && customer.lifetimeSpnd.size() > 0';
    expect(await validate(condition)).toEqual({
      valid: false,
      message: 'Unknown field “lifetimeSpnd” on customer: did you mean lifetimeSpend?',
      position: { start: 31, end: 43, line: 1, column: 32 },
    });
    const res = await t.api('/api/v1/rules', {
      method: 'POST',
      headers: { cookie: managerCookie },
      json: { key: 'vip-spend', name: 'VIP spend', trigger: 'event', severity: 'high', condition },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toBe(
      'condition: Unknown field “lifetimeSpnd” on customer: did you mean lifetimeSpend? (line 1, column 32).',
    );
  });

  it('refuses `event` in a scheduled rule, on save as when checked', async () => {
    const condition = 'customer.tenureDays > 30 && event.kind == "purchase"';
    expect(await validate(condition, 'event')).toMatchObject({ valid: true });
    expect(await validate(condition, 'schedule')).toMatchObject({
      valid: false,
      message: expect.stringContaining('cannot use event'),
      position: { start: 28, end: 33 },
    });
    const created = await t.api('/api/v1/rules', {
      method: 'POST',
      json: { key: 'bought-again', name: 'Bought again', trigger: 'schedule', severity: 'low', condition },
    });
    expect(created.status).toBe(400);
    expect((await created.json()).error.message).toMatch(
      /^condition: A scheduled rule .* \(line 1, column 29\)\.$/,
    );
    // Turning an event rule that names `event` into a nightly one is refused too.
    const nps = await rule('nps-detractor');
    const flip = await t.api(`/api/v1/rules/${nps.id}`, { method: 'PATCH', json: { trigger: 'schedule' } });
    expect(flip.status).toBe(400);
  });

  it('is open to every staff role that may read rules, and to no one signed out', async () => {
    const agent = await t.api('/api/v1/rules/validate', {
      method: 'POST',
      json: { condition: 'true' },
      headers: { cookie: agentCookie },
    });
    expect(agent.status).toBe(200);
    const anonymous = await t.api('/api/v1/rules/validate', {
      method: 'POST',
      json: { condition: 'true' },
      headers: { cookie: 'tenure_session=nope' },
    });
    expect(anonymous.status).toBe(401);
  });
});

describe('PATCH /api/v1/rules/:id', () => {
  it('changes only the fields sent: disabling a rule keeps its playbook, kinds and notifications', async () => {
    const before = await rule('nps-detractor');
    expect(before.playbookId).not.toBeNull();
    expect(before.eventKinds).toEqual(['survey-response']);
    const off = await t.api(`/api/v1/rules/${before.id}`, {
      method: 'PATCH',
      json: { enabled: false },
      headers: { cookie: managerCookie },
    });
    expect(off.status).toBe(200);
    const after = await off.json();
    expect(after).toEqual({ ...before, enabled: false, updatedAt: expect.any(String) });
    await t.api(`/api/v1/rules/${before.id}`, { method: 'PATCH', json: { enabled: true } });
  });

  it('is refused to agents', async () => {
    const nps = await rule('nps-detractor');
    const res = await t.api(`/api/v1/rules/${nps.id}`, {
      method: 'PATCH',
      json: { enabled: false },
      headers: { cookie: agentCookie },
    });
    expect(res.status).toBe(403);
  });
});

describe('dry runs', () => {
  it('say the window covered and name the customers they would have flagged, with why', async () => {
    const now = Date.now();
    const ago = (d: number) => new Date(now - d * 86_400_000).toISOString();
    const a = await addCustomer(t, { name: 'Wanda Detractor' });
    const b = await addCustomer(t, { emails: ['no-name@example.com'] });
    await ingest(t, [
      npsAnswer(a, 2, ago(3), { comment: 'Late again' }),
      npsAnswer(b, 5, ago(4)),
      npsAnswer(b, 9, ago(5)),
    ]);
    const from = ago(7);
    const to = ago(0);
    const res = await t.api('/api/v1/rules/dry-run', {
      method: 'POST',
      headers: { cookie: managerCookie },
      json: {
        rule: { trigger: 'event', eventKinds: ['survey-response'], condition: 'event.properties.score <= 6' },
        from,
        to,
      },
    });
    expect(res.status).toBe(200);
    const out = await res.json();
    expect(out).toMatchObject({ from, to, evaluated: 3, matched: 2, customers: 2, truncated: false });
    expect(out.samples).toEqual([
      {
        customerId: a,
        customerName: 'Wanda Detractor',
        occurredAt: ago(3),
        kind: 'survey-response',
        summary: 'NPS 2, "Late again"',
      },
      {
        customerId: b,
        customerName: 'no-name@example.com',
        occurredAt: ago(4),
        kind: 'survey-response',
        summary: 'NPS 5',
      },
    ]);

    // Cut short by the limit, the window is the part actually covered: back to the oldest touchpoint read.
    const cut = await (
      await t.api('/api/v1/rules/dry-run', {
        method: 'POST',
        json: { rule: { trigger: 'event', condition: 'true' }, from, to, limit: 2 },
      })
    ).json();
    expect(cut).toMatchObject({ from: ago(4), to, evaluated: 2, truncated: true });
  });

  it('refuses a condition that would not save, in the same words', async () => {
    const res = await t.api('/api/v1/rules/dry-run', {
      method: 'POST',
      json: { rule: { trigger: 'event', condition: 'event.kind ==' } },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toBe(
      'condition: It ends too early: something is missing at the end (line 1, column 14).',
    );
  });
});

describe('playbooks', () => {
  it('are read one by one and edited step by step; only the fields sent change', async () => {
    const list = (await (await t.api('/api/v1/loop/playbooks')).json()).data;
    const recovery = list.find((p: AnyJson) => p.key === 'detractor-recovery');
    const one = await t.api(`/api/v1/loop/playbooks/${recovery.id}`, { headers: { cookie: agentCookie } });
    expect(await one.json()).toEqual(recovery);

    const [call, email, ...rest] = recovery.steps;
    const steps = [
      email,
      call,
      ...rest,
      { type: 'task', title: 'Write down what fixed it', dueAfterHours: 48 },
    ];
    const res = await t.api(`/api/v1/loop/playbooks/${recovery.id}`, {
      method: 'PATCH',
      json: { steps },
      headers: { cookie: managerCookie },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ...recovery, steps });

    const audit = await (await t.api('/api/v1/audit?limit=20')).json();
    expect(audit.data.find((e: AnyJson) => e.action === 'playbook.update')).toMatchObject({
      target: recovery.id,
    });
  });

  it('refuse a step without a title, an unknown kind or a negative due time, saying which', async () => {
    const [recovery] = (await (await t.api('/api/v1/loop/playbooks')).json()).data;
    const bad = async (step: Record<string, unknown>) => {
      const res = await t.api(`/api/v1/loop/playbooks/${recovery.id}`, {
        method: 'PATCH',
        json: { steps: [{ type: 'call', title: 'Call', dueAfterHours: 24, ...step }] },
      });
      expect(res.status).toBe(400);
      return (await res.json()).error.details.issues.map((i: AnyJson) => i.path);
    };
    expect(await bad({ title: '  ' })).toEqual(['body.steps.0.title']);
    expect(await bad({ type: 'fax' })).toEqual(['body.steps.0.type']);
    expect(await bad({ dueAfterHours: -1 })).toEqual(['body.steps.0.dueAfterHours']);
    const empty = await t.api(`/api/v1/loop/playbooks/${recovery.id}`, {
      method: 'PATCH',
      json: { steps: [] },
    });
    expect(empty.status).toBe(400);
    const agent = await t.api(`/api/v1/loop/playbooks/${recovery.id}`, {
      method: 'PATCH',
      json: { name: 'Mine now' },
      headers: { cookie: agentCookie },
    });
    expect(agent.status).toBe(403);
    const missing = await t.api('/api/v1/loop/playbooks/0195a3c1-0000-7000-8000-000000000000');
    expect(missing.status).toBe(404);
  });
});
