import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../../test/helpers.ts';
import { creditReferral } from './credit-referral.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const customer = async (body: Record<string, unknown>) => {
  const r = await t.api('/api/v1/customers', { method: 'POST', json: body });
  expect(r.status).toBe(201);
  return (await r.json()).id as string;
};
const codeOf = async (id: string) =>
  (await (await t.api(`/api/v1/referrals/customers/${id}`)).json()).code as string;
const ingest = async (events: Record<string, unknown>[]) => {
  const r = await t.api('/api/v1/events', { method: 'POST', json: { events } });
  expect(r.status).toBe(200);
  const body = await r.json();
  expect(body.rejected).toEqual([]);
  return body;
};
const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
const balance = async (id: string) => (await (await t.api(`/api/v1/loyalty/customers/${id}`)).json()).balance;
const refer = (json: Record<string, unknown>) => t.api('/api/v1/referrals', { method: 'POST', json });

describe('referral credit', () => {
  it("credits both sides once on the referred customer's first purchase, across retries, two workers and a refund", async () => {
    const a = await customer({ name: 'Ada Referrer', emails: ['ada@example.com'] });
    const code = await codeOf(a);
    expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{8}$/);
    expect(await codeOf(a)).toBe(code);
    const view = await (await t.api(`/api/v1/referrals/customers/${a}`)).json();
    expect(view.link).toMatch(new RegExp(`/r/${code}$`));

    const ev = (sourceId: string, kind: string, at: string, extra: Record<string, unknown> = {}) => ({
      externalId: 'bob-1',
      traits: { name: 'Bob Referred', emails: ['bob@example.com'] },
      sourceId,
      channel: 'web',
      kind,
      occurredAt: at,
      ...extra,
    });
    await ingest([
      ev('signup-1', 'signup', ago(60), { properties: { referralCode: code.toLowerCase() } }),
      ev('order-1', 'purchase', ago(30), { amount: { minor: 4000, currency: 'EUR' } }),
      ev('order-2', 'purchase', ago(20), { amount: { minor: 2000, currency: 'EUR' } }),
    ]);
    const [ref] = (await (await t.api(`/api/v1/referrals?customerId=${a}`)).json()).data;
    expect(ref).toMatchObject({ status: 'accepted', referrerId: a, source: 'ingest', creditedAt: null });
    expect(ref.firstPurchaseAt).not.toBeNull();
    const b = ref.referredId as string;
    // The first purchase queued exactly one credit job, with the ingest transaction.
    const jobs = await sql<{ data: { referralId: number } }>`
      select data from pgboss.job where name = 'loyalty.credit-referral'`.execute(t.ctx.db);
    expect(jobs.rows.map((j) => j.data.referralId)).toEqual([ref.id]);

    // Two workers at once, then a retry.
    const [w1, w2] = await Promise.all([creditReferral(t.ctx, ref.id), creditReferral(t.ctx, ref.id)]);
    expect([w1.referrer, w2.referrer].filter(Boolean)).toHaveLength(1);
    expect([w1.referee, w2.referee].filter(Boolean)).toHaveLength(1);
    expect(await creditReferral(t.ctx, ref.id)).toMatchObject({ referrer: false, referee: false });
    expect(await balance(a)).toBe(500);
    expect(await balance(b)).toBe(250);

    // A refund and a later purchase change nothing.
    await ingest([
      ev('refund-1', 'refund', ago(10), { amount: { minor: 4000, currency: 'EUR' } }),
      ev('order-3', 'purchase', ago(5), { amount: { minor: 1000, currency: 'EUR' } }),
    ]);
    await creditReferral(t.ctx, ref.id);
    expect(await balance(a)).toBe(500);
    expect(await balance(b)).toBe(250);
    const again = await sql<{ n: number }>`
      select count(*)::int as n from pgboss.job where name = 'loyalty.credit-referral'`.execute(t.ctx.db);
    expect(again.rows[0]?.n).toBe(1);

    for (const [id, key] of [
      [a, `referral:${ref.id}:referrer`],
      [b, `referral:${ref.id}:referee`],
    ] as const) {
      const tl = await (await t.api(`/api/v1/customers/${id}/timeline?kind=reward-granted`)).json();
      expect(tl.data.map((d: AnyJson) => d.properties.key)).toEqual([key]);
    }
    const after = (await (await t.api(`/api/v1/referrals/customers/${b}`)).json()).referredBy;
    expect(after).toMatchObject({
      referrerId: a,
      referrerName: 'Ada Referrer',
      referrerPoints: 500,
      refereePoints: 250,
    });
    expect(after.creditedAt).not.toBeNull();
  });
});

describe('refusals', () => {
  it('refuses self-referral by customer, email, phone and identity, with the reason (API and ingest)', async () => {
    const a = await customer({
      name: 'Self',
      emails: ['self@example.com'],
      phones: ['+44 20 7946 0958'],
      identities: [{ source: 'shop', externalId: 'u-77' }],
    });
    const code = await codeOf(a);
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'Same email', emails: ['SELF@example.com'] }, 'same-email'],
      [{ name: 'Same phone', phones: ['020 7946 0958'] }, 'same-phone'],
      [{ name: 'Same identity', identities: [{ source: 'app', externalId: 'U-77' }] }, 'same-identity'],
    ];
    for (const [body, reason] of cases) {
      const id = await customer(body);
      const r = await refer({ code, customerId: id });
      expect(r.status).toBe(400);
      const e = await r.json();
      expect(e.error.details.reason).toBe(reason);
      expect(e.error.message).toMatch(/self-referral/);
    }
    const self = await refer({ code, customerId: a });
    expect(self.status).toBe(400);
    expect((await self.json()).error.details.reason).toBe('same-customer');

    // Through ingest the refusal is recorded with its reason.
    await ingest([
      {
        externalId: 'self-alt',
        traits: { emails: ['self@example.com'] },
        sourceId: 'signup-self',
        channel: 'web',
        kind: 'signup',
        occurredAt: ago(1),
        properties: { referral_code: code },
      },
    ]);
    const refused = (await (await t.api(`/api/v1/referrals?status=refused&customerId=${a}`)).json()).data;
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      referrerId: a,
      status: 'refused',
      reason: 'same-email',
      source: 'ingest',
    });
    expect((await (await t.api(`/api/v1/referrals?status=accepted&customerId=${a}`)).json()).data).toEqual(
      [],
    );
  });

  it('refuses a second referral, an unknown code and an unknown customer; a customer who bought before is not new', async () => {
    const a = await customer({ name: 'First referrer', emails: ['first@example.com'] });
    const c = await customer({ name: 'Second referrer', emails: ['second@example.com'] });
    const b = await customer({ name: 'Friend', emails: ['friend@example.com'] });
    const ok = await refer({ code: await codeOf(a), email: 'Friend@example.com' });
    expect(ok.status).toBe(201);
    expect((await ok.json()).referrerId).toBe(a);
    const twice = await refer({ code: await codeOf(c), customerId: b });
    expect(twice.status).toBe(409);
    expect((await twice.json()).error.details.reason).toBe('already-referred');
    const unknown = await refer({ code: 'ZZZZZZZZ', customerId: b });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toMatch(/referral code/);
    expect((await refer({ code: await codeOf(a), externalId: 'nobody' })).status).toBe(404);
    expect((await refer({ code: await codeOf(a), customerId: b, email: 'x@example.com' })).status).toBe(400);

    await ingest([
      {
        externalId: 'old-1',
        sourceId: 'o1',
        channel: 'web',
        kind: 'purchase',
        occurredAt: ago(600),
        amount: { minor: 100, currency: 'EUR' },
      },
      {
        externalId: 'old-1',
        sourceId: 's1',
        channel: 'web',
        kind: 'signup',
        occurredAt: ago(1),
        properties: { referralCode: await codeOf(c) },
      },
      {
        externalId: 'new-2',
        sourceId: 's2',
        channel: 'web',
        kind: 'signup',
        occurredAt: ago(1),
        properties: { referralCode: 'NOPE2345' },
      },
    ]);
    const refused = (await (await t.api('/api/v1/referrals?status=refused')).json()).data;
    const reasonOf = (ref: string) => refused.find((r: AnyJson) => r.sourceRef === ref)?.reason;
    expect(reasonOf('api:s1')).toBe('already-a-customer');
    expect(reasonOf('api:s2')).toBe('unknown-code');
    const audit = await (await t.api('/api/v1/audit?limit=100')).json();
    expect(audit.data.map((e: AnyJson) => e.action)).toContain('loyalty.referral.record');
  });
});

describe('the public link /r/CODE', () => {
  it('shows a form without script, counts the visit, signs the customer up with the referral; unknown codes 404', async () => {
    const a = await customer({ name: 'Landing referrer', emails: ['landing@example.com'] });
    const code = await codeOf(a);
    const page = await fetch(`${t.url}/r/${code}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/<script/i);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const token = /name="token" value="([^"]+)"/.exec(html)?.[1] as string;
    const visits = await sql<{
      visits: number;
    }>`select visits from loyalty_referral_visit where code = ${code}`.execute(t.ctx.db);
    expect(visits.rows[0]?.visits).toBe(1);

    const post = (body: Record<string, string>) =>
      fetch(`${t.url}/r/${code}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body).toString(),
      });
    const bad = await post({ token: 'forged.x.y', email: 'new@example.com' });
    expect(bad.status).toBe(400);
    expect((await post({ token, email: 'not an email' })).status).toBe(400);
    const done = await post({ token, name: 'New Friend', email: 'New@Example.com' });
    expect(done.status).toBe(200);
    expect(await done.text()).toMatch(/Thank you/);
    const [ref] = (await (await t.api(`/api/v1/referrals?customerId=${a}`)).json()).data;
    expect(ref).toMatchObject({ status: 'accepted', referrerId: a });
    const friend = await (await t.api(`/api/v1/customers/${ref.referredId}`)).json();
    expect(friend.emails).toEqual(['new@example.com']);

    expect((await fetch(`${t.url}/r/ZZZZZZZZ`)).status).toBe(404);
    expect((await fetch(`${t.url}/r/${'x'.repeat(80)}`)).status).toBe(400);
  });
});
