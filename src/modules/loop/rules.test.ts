import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { compileCondition, type RuleFacts } from './compile-condition.ts';
import { evaluateCustomers } from './evaluate-customers.ts';
import { addCustomer, ingest, npsAnswer } from './testing/team-setup.ts';

let t: TestApp;
let rules: AnyJson[];
beforeAll(async () => {
  t = await startTestApp();
  rules = (await (await t.api('/api/v1/rules')).json()).data;
});
afterAll(() => t?.close());

const customer = (over: Record<string, unknown> = {}) => ({
  status: 'active',
  tenureDays: 400,
  daysSinceLastContact: 10,
  purchaseCount: 0,
  daysSinceLastPurchase: null,
  meanPurchaseIntervalDays: null,
  highValue: false,
  lifetimeSpendMinor: 0,
  ...over,
});
const event = (over: Record<string, unknown> = {}, properties: Record<string, unknown> = {}) => ({
  kind: 'survey-response',
  channel: 'email',
  direction: 'inbound',
  sentiment: null,
  properties,
  occurredAt: new Date(),
  ...over,
});
const facts = (
  e: Record<string, unknown> | null,
  c = customer(),
  scores: Record<string, unknown> = {},
): RuleFacts => ({ event: e, customer: c, scores, now: new Date() });
const fires = (key: string, f: RuleFacts) => compileCondition(rules.find((r) => r.key === key).condition)(f);

describe('shipped red-flag rules', () => {
  it('ships the defaults, each one compiling', () => {
    expect(rules.map((r) => r.key).sort()).toEqual([
      'cancellation-intent',
      'complaint-ticket',
      'csat-low',
      'health-drop',
      'negative-sentiment',
      'no-contact-90d',
      'nps-detractor',
      'purchase-rhythm-broken',
    ]);
    for (const r of rules) expect(() => compileCondition(r.condition)).not.toThrow();
  });

  it('fire on what they promise and not on the rest', () => {
    expect(fires('nps-detractor', facts(event({}, { type: 'nps', score: 6 })))).toBe(true);
    expect(fires('nps-detractor', facts(event({}, { type: 'nps', score: 7 })))).toBe(false);
    expect(fires('nps-detractor', facts(event({}, { type: 'csat', score: 1 })))).toBe(false);
    expect(fires('csat-low', facts(event({}, { type: 'csat', score: 2 })))).toBe(true);
    expect(fires('csat-low', facts(event({}, { type: 'csat', score: 3 })))).toBe(false);
    expect(fires('negative-sentiment', facts(event({ kind: 'email', sentiment: -0.6 })))).toBe(true);
    expect(fires('negative-sentiment', facts(event({ kind: 'email', sentiment: 0.2 })))).toBe(false);
    expect(fires('negative-sentiment', facts(event({ kind: 'email' })))).toBe(false);
    expect(fires('complaint-ticket', facts(event({ kind: 'ticket' }, { category: 'complaint' })))).toBe(true);
    expect(fires('complaint-ticket', facts(event({ kind: 'ticket' }, { category: 'question' })))).toBe(false);
    expect(fires('cancellation-intent', facts(event({ kind: 'cancellation-request' })))).toBe(true);
    expect(
      fires(
        'cancellation-intent',
        facts(event({}, { type: 'nps', score: 5, comment: 'I will CANCEL my subscription' })),
      ),
    ).toBe(true);
    expect(
      fires(
        'cancellation-intent',
        facts(event({}, { type: 'nps', score: 5, comment: 'Cancellations are easy, thanks' })),
      ),
    ).toBe(true);
    expect(
      fires('cancellation-intent', facts(event({}, { type: 'nps', score: 9, comment: 'Great service' }))),
    ).toBe(false);
    expect(fires('no-contact-90d', facts(null, customer({ daysSinceLastContact: 91 })))).toBe(true);
    expect(fires('no-contact-90d', facts(null, customer({ daysSinceLastContact: null })))).toBe(true);
    expect(fires('no-contact-90d', facts(null, customer({ daysSinceLastContact: 30 })))).toBe(false);
    expect(
      fires('no-contact-90d', facts(null, customer({ daysSinceLastContact: 120, status: 'lapsed' }))),
    ).toBe(false);
    const buyer = { highValue: true, purchaseCount: 6, meanPurchaseIntervalDays: 30 };
    expect(
      fires('purchase-rhythm-broken', facts(null, customer({ ...buyer, daysSinceLastPurchase: 75 }))),
    ).toBe(true);
    expect(
      fires('purchase-rhythm-broken', facts(null, customer({ ...buyer, daysSinceLastPurchase: 45 }))),
    ).toBe(false);
    expect(
      fires(
        'purchase-rhythm-broken',
        facts(null, customer({ ...buyer, highValue: false, daysSinceLastPurchase: 75 })),
      ),
    ).toBe(false);
    expect(fires('health-drop', facts(null, customer(), { health: 40, healthDrop30d: 25 }))).toBe(true);
    expect(fires('health-drop', facts(null, customer()))).toBe(false);
  });
});

describe('/api/v1/rules', () => {
  it('refuses a condition that is not valid CEL or not a boolean, with the reason', async () => {
    const base = { key: 'vip-complaint', name: 'VIP complaint', trigger: 'event', severity: 'critical' };
    const syntax = await t.api('/api/v1/rules', {
      method: 'POST',
      json: { ...base, condition: 'event.kind ==' },
    });
    expect(syntax.status).toBe(400);
    expect((await syntax.json()).error.message).toMatch(/^condition:/);
    const notBool = await t.api('/api/v1/rules', { method: 'POST', json: { ...base, condition: '1 + 2' } });
    expect(notBool.status).toBe(400);
    expect((await notBool.json()).error.message).toMatch(/true or false/);
    const unknownVar = await t.api('/api/v1/rules', {
      method: 'POST',
      json: { ...base, condition: 'ticket.kind == "x"' },
    });
    expect(unknownVar.status).toBe(400);
  });

  it('creates, edits and disables rules, including shipped ones', async () => {
    const created = await t.api('/api/v1/rules', {
      method: 'POST',
      json: {
        key: 'vip-complaint',
        name: 'VIP complaint',
        trigger: 'event',
        eventKinds: ['ticket'],
        severity: 'critical',
        condition: 'customer.highValue && event.properties.category == "complaint"',
      },
    });
    expect(created.status).toBe(201);
    const rule = await created.json();
    expect(rule).toMatchObject({ builtin: false, notify: ['in-app', 'email', 'webhook'], cooldownDays: 0 });
    const dup = await t.api('/api/v1/rules', {
      method: 'POST',
      json: { ...rule, id: undefined, builtin: undefined, createdAt: undefined, updatedAt: undefined },
    });
    expect(dup.status).toBe(409);
    const nps = rules.find((r) => r.key === 'nps-detractor');
    const edited = await t.api(`/api/v1/rules/${nps.id}`, {
      method: 'PATCH',
      json: { condition: 'event.properties.type == "nps" && event.properties.score <= 5' },
    });
    expect(await edited.json()).toMatchObject({
      key: 'nps-detractor',
      builtin: true,
      condition: expect.stringContaining('<= 5'),
    });
    const off = await t.api(`/api/v1/rules/${rule.id}`, { method: 'PATCH', json: { enabled: false } });
    expect((await off.json()).enabled).toBe(false);
    await t.api(`/api/v1/rules/${nps.id}`, { method: 'PATCH', json: { condition: nps.condition } });
  });

  it('dry-runs a rule over history without raising anything', async () => {
    const now = Date.now();
    const ago = (d: number) => new Date(now - d * 86_400_000).toISOString();
    const a = await addCustomer(t, { name: 'Past detractor' });
    const b = await addCustomer(t, { name: 'Past promoter' });
    // No workers run in this file: the ingest queues evaluations that never execute.
    await ingest(t, [
      npsAnswer(a, 2, ago(10)),
      npsAnswer(a, 5, ago(5)),
      npsAnswer(b, 10, ago(3)),
      npsAnswer(b, 4, ago(60)),
    ]);
    const nps = rules.find((r) => r.key === 'nps-detractor');
    const res = await t.api(`/api/v1/rules/${nps.id}/dry-run`, {
      method: 'POST',
      json: { from: ago(30), to: ago(0) },
    });
    expect(await res.json()).toMatchObject({ evaluated: 3, matched: 2, customers: 1, truncated: false });
    const unsaved = await t.api('/api/v1/rules/dry-run', {
      method: 'POST',
      json: {
        rule: { trigger: 'event', eventKinds: ['survey-response'], condition: 'event.properties.score >= 9' },
        from: ago(90),
      },
    });
    const out = await unsaved.json();
    expect(out).toMatchObject({ evaluated: 4, matched: 1, customers: 1 });
    expect(out.samples[0]).toMatchObject({ customerId: b, kind: 'survey-response' });
    const cases = await (await t.api('/api/v1/cases?status=all')).json();
    expect(cases.data).toHaveLength(0);
  });
});

describe('scheduled rules', () => {
  it('raise once a night per customer, and not again within the cooldown', async () => {
    const quiet = await addCustomer(t, { name: 'Quiet since spring', emails: ['q@example.com'] });
    const ago = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
    // A purchase 200 days ago and nothing since: active, but nobody has spoken with them.
    await ingest(t, [
      {
        customerId: quiet,
        sourceId: 'p1',
        channel: 'web',
        kind: 'purchase',
        occurredAt: ago(200),
        amount: { minor: 5000, currency: 'EUR' },
      },
    ]);
    const dry = await (
      await t.api(`/api/v1/rules/${rules.find((r) => r.key === 'no-contact-90d').id}/dry-run`, {
        method: 'POST',
        json: {},
      })
    ).json();
    expect(dry.samples.map((x: AnyJson) => x.customerId)).toContain(quiet);
    expect(await evaluateCustomers(t.ctx, [quiet], '2026-11-20')).toEqual({ flags: 1 });
    expect(await evaluateCustomers(t.ctx, [quiet], '2026-11-20')).toEqual({ flags: 0 }); // the same night again
    const [c] = (await (await t.api(`/api/v1/cases?customerId=${quiet}`)).json()).data;
    expect(c).toMatchObject({ severity: 'low', playbookApplied: true });
    await t.api(`/api/v1/cases/${c.id}/resolve`, {
      method: 'POST',
      json: { outcome: 'no-response', rootCauses: ['communication'] },
    });
    // The next night the condition still holds, but the 30-day cooldown keeps it quiet.
    expect(await evaluateCustomers(t.ctx, [quiet], '2026-11-21')).toEqual({ flags: 0 });
  });
});
