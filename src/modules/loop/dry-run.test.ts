import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyJson,
  createStaffUser,
  logInCookie,
  startTestApp,
  type TestApp,
} from '../../../test/helpers.ts';
import { DAY_MS } from '../../kernel/clock.ts';
import { createApiKey } from '../staff/index.ts';
import { dryRunRule } from './dry-run-rule.ts';
import { evaluateCustomers } from './evaluate-customers.ts';
import { evaluateEvents } from './evaluate-events.ts';
import { toEventItem } from './event-item.ts';
import { manualClock } from './testing/fixtures.ts';
import { addCustomer, ingest } from './testing/team-setup.ts';

// Dry runs cover the window they name (issue 15: "last 90 days" used to become the newest 2,000
// touchpoints), run only for managers, and runtime errors of conditions are counted on the rule.

const clock = manualClock('2026-10-20T12:00:00Z');
const now = clock.now().getTime();
const ago = (days: number) => new Date(now - days * DAY_MS).toISOString();
let t: TestApp;
let managerCookie: string;
let agentCookie: string;
let customers: string[];

const TICKETS = 71;
const OTHERS = 6000;

beforeAll(async () => {
  t = await startTestApp({ clock });
  const manager = await createStaffUser(t.ctx, 'manager');
  managerCookie = await logInCookie(t, manager.staff.email, manager.password);
  const agent = await createStaffUser(t.ctx, 'agent');
  agentCookie = await logInCookie(t, agent.staff.email, agent.password);
  customers = [];
  for (let i = 0; i < 40; i++) customers.push(await addCustomer(t, { name: `Customer ${i}` }));
  // 71 tickets spread over 88 days, among 6,000 page views and purchases, most of them newer.
  const events: unknown[] = [];
  for (let i = 0; i < TICKETS; i++)
    events.push({
      customerId: customers[i % customers.length],
      source: 'helpdesk',
      sourceId: `ticket-${i}`,
      channel: 'email',
      kind: 'ticket',
      direction: 'inbound',
      occurredAt: ago(1 + (i * 87) / TICKETS),
      properties: { subject: `Ticket ${i}` },
    });
  for (let i = 0; i < OTHERS; i++)
    events.push({
      customerId: customers[i % customers.length],
      source: 'web',
      sourceId: `view-${i}`,
      channel: 'web',
      kind: 'page-view',
      occurredAt: ago(0.01 + (i * 20) / OTHERS),
      properties: {},
    });
  for (let i = 0; i < events.length; i += 1000) await ingest(t, events.slice(i, i + 1000));
}, 120_000);
afterAll(() => t?.close());

const dryRun = (json: unknown, cookie = managerCookie) =>
  t.api('/api/v1/rules/dry-run', { method: 'POST', json, headers: { cookie } });

describe('dry runs over a window', () => {
  it('count every match of a 90-day window, far more touchpoints than the old cap', async () => {
    const from = ago(90);
    const to = ago(0);
    const res = await dryRun({
      // Names the customer, so the customer facts are read too, a page at a time.
      rule: { trigger: 'event', condition: 'event.kind == "ticket" && customer.status == "active"' },
      from,
      to,
    });
    expect(res.status).toBe(200);
    const out = await res.json();
    expect(out).toMatchObject({
      from,
      to,
      requestedFrom: from,
      evaluated: TICKETS + OTHERS,
      matched: TICKETS,
      customers: customers.length,
      errors: 0,
      complete: true,
      stoppedBy: null,
      truncated: false,
    });
    expect(out.samples).toHaveLength(TICKETS);
    expect(out.samples[0]).toMatchObject({
      kind: 'ticket',
      customerName: expect.stringMatching(/^Customer /),
    });
  });

  it('say plainly what they covered when the limit stops them', async () => {
    const out = await (
      await dryRun({
        rule: { trigger: 'event', condition: 'event.kind == "ticket"' },
        from: ago(90),
        limit: 2500,
      })
    ).json();
    expect(out).toMatchObject({
      evaluated: 2500,
      complete: false,
      stoppedBy: 'limit',
      requestedFrom: ago(90),
    });
    // The 2,500 newest touchpoints reach back about 8 days, not 90: `from` says so.
    expect(new Date(out.from).getTime()).toBeGreaterThan(now - 9 * DAY_MS);
    expect(out.matched).toBeLessThan(TICKETS);
  });

  it('say plainly what they covered when the time limit stops them', async () => {
    const out = await dryRunRule(
      t.ctx,
      { trigger: 'event', condition: 'true', eventKinds: [], eventChannels: [] },
      { from: new Date(ago(90)), limit: 100_000, budgetMs: -1 },
    );
    expect(out).toMatchObject({ evaluated: 0, complete: false, stoppedBy: 'time' });
    expect(out.from?.toISOString()).toBe(out.to?.toISOString());
  });

  it('count runtime errors instead of passing them off as "no match"', async () => {
    const out = await (
      await dryRun({
        rule: { trigger: 'event', condition: 'event.properties.subject.startsWith("Ticket 1")' },
        from: ago(90),
      })
    ).json();
    // Page views have no subject: each is an error, not a quiet "no".
    expect(out).toMatchObject({ matched: 11, errors: OTHERS, complete: true });
    expect(out.lastError).toBe('“subject” is absent here: test it with has() first.');
  });

  it('are for managers and admins only, and bound their limit', async () => {
    const body = { rule: { trigger: 'event', condition: 'true' }, limit: 10 };
    expect((await dryRun(body, agentCookie)).status).toBe(403);
    const { key } = await createApiKey(t.ctx, { name: 'reader', scopes: ['read'] });
    const reader = await t.api('/api/v1/rules/dry-run', {
      method: 'POST',
      json: body,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(reader.status).toBe(403);
    expect((await dryRun({ ...body, limit: 100_001 })).status).toBe(400);
    const kinds = await dryRun({ rule: { ...body.rule, eventKinds: Array(51).fill('ticket') } });
    expect(kinds.status).toBe(400);
    const nps = (await (await t.api('/api/v1/rules')).json()).data.find(
      (r: AnyJson) => r.key === 'nps-detractor',
    );
    const saved = await t.api(`/api/v1/rules/${nps.id}/dry-run`, {
      method: 'POST',
      json: { limit: 10 },
      headers: { cookie: agentCookie },
    });
    expect(saved.status).toBe(403);
  });
});

describe('runtime errors of rules', () => {
  const create = async (json: Record<string, unknown>) => {
    const res = await t.api('/api/v1/rules', { method: 'POST', json });
    expect(res.status).toBe(201);
    return res.json();
  };
  const reread = async (id: string) => (await (await t.api(`/api/v1/rules/${id}`)).json()).errors;

  it('are counted on a scheduled rule, with the last message and time, and reset by a new condition', async () => {
    // Nobody has been contacted: daysSinceLastContact is null, and `>= 90` cannot compare it.
    const rule = await create({
      key: 'quiet-unchecked',
      name: 'Quiet (no null check)',
      trigger: 'schedule',
      condition: 'customer.daysSinceLastContact >= 90',
      severity: 'low',
    });
    expect(rule.errors).toEqual({ count: 0, lastMessage: null, lastAt: null });
    const quiet: string[] = [];
    for (let i = 0; i < 5; i++) quiet.push(await addCustomer(t, { name: `Never contacted ${i}` }));
    await evaluateCustomers(t.ctx, quiet, 'errors-test');
    const errors = await reread(rule.id);
    expect(errors).toEqual({
      count: 5,
      lastMessage: expect.stringMatching(/^Cannot use null with a number \(>=\)/),
      lastAt: clock.now().toISOString(),
    });
    await t.api(`/api/v1/rules/${rule.id}`, { method: 'PATCH', json: { enabled: false } });
    expect((await reread(rule.id)).count).toBe(5);
    await t.api(`/api/v1/rules/${rule.id}`, {
      method: 'PATCH',
      json: { condition: 'customer.daysSinceLastContact != null && customer.daysSinceLastContact >= 90' },
    });
    expect(await reread(rule.id)).toEqual({ count: 0, lastMessage: null, lastAt: null });
  });

  it('are counted on an event rule', async () => {
    const rule = await create({
      key: 'low-health-unchecked',
      name: 'Low health (no has())',
      trigger: 'event',
      eventKinds: ['ticket'],
      condition: 'scores.health < 40.0',
      severity: 'medium',
    });
    const e = {
      customerId: customers[0] as string,
      source: 'helpdesk',
      sourceId: 'fresh-ticket',
      channel: 'email' as const,
      kind: 'ticket',
      direction: 'inbound' as const,
      occurredAt: clock.now(),
      amountMinor: null,
      currency: null,
      sentiment: null,
      properties: {},
    };
    await evaluateEvents(t.ctx, [toEventItem(e, [rule.id])]);
    expect(await reread(rule.id)).toMatchObject({
      count: 1,
      lastMessage: '“health” is absent here: test it with has() first.',
    });
  });
});
