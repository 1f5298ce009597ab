import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../../test/helpers.ts';
import { buildCustomerFacts } from '../../loop/build-rule-facts.ts';
import { raiseFlag } from '../../loop/raise-flag.ts';
import { rewardsPageLink } from './reward-links.ts';

// Any date works: the clock is injected and moved by the test.
let now = new Date('2031-05-10T10:00:00Z');
const clock = { now: () => now };
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(() => t?.close());

const json = async (path: string, init: RequestInit & { json?: unknown } = {}) => {
  const r = await t.api(path, init);
  return { status: r.status, body: (await r.json()) as AnyJson };
};
let n = 0;
const customer = async (name = 'Rita Reward') => {
  n++;
  const r = await json('/api/v1/customers', {
    method: 'POST',
    json: { name, emails: [`c${n}@example.com`] },
  });
  expect(r.status).toBe(201);
  return r.body.id as string;
};
const give = async (c: string, points: number) =>
  expect(
    (
      await json(`/api/v1/loyalty/customers/${c}/adjustments`, {
        method: 'POST',
        json: { points, reason: 'test', key: `give-${c}-${points}-${n++}` },
      })
    ).status,
  ).toBe(200);
const available = async (c: string) =>
  (await json(`/api/v1/loyalty/customers/${c}/points`)).body.available as number;
const reward = async (body: Record<string, unknown>) => {
  const r = await json('/api/v1/loyalty/rewards', { method: 'POST', json: body });
  expect(r.status).toBe(201);
  return r.body as AnyJson;
};
const redeem = (c: string, rewardId: string, key: string) =>
  json(`/api/v1/loyalty/customers/${c}/redemptions`, { method: 'POST', json: { rewardId, key } });
const timeline = async (c: string, kind: string) =>
  (await json(`/api/v1/customers/${c}/timeline?kind=${kind}`)).body.data as AnyJson[];
const audits = (action: string) =>
  t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

describe('rewards catalogue', () => {
  it('refuses malformed rewards with a 400 and stores nothing', async () => {
    const bad: Record<string, unknown>[] = [
      { name: 'x', kind: 'discount', points: -5 },
      { name: 'x', kind: 'discount', points: 2.5 },
      { name: 'x', kind: 'partner', points: 10 },
      { name: 'x', kind: 'gift', points: 0, codeSource: 'generated' },
      { name: 'x', kind: 'discount', points: 10, codeSource: 'pool', codePrefix: 'TEN' },
      { name: 'x', kind: 'discount', points: 10, stock: -1 },
    ];
    for (const body of bad)
      expect((await json('/api/v1/loyalty/rewards', { method: 'POST', json: body })).status).toBe(400);
    expect((await json('/api/v1/loyalty/rewards')).body.data).toEqual([]);
  });
});

describe('redemption', () => {
  it('spends points and issues a unique generated code, once per key; refuses what the balance cannot pay', async () => {
    const c = await customer();
    await give(c, 250);
    const ten = await reward({ name: '10% off', kind: 'discount', points: 100, codePrefix: 'TEN' });
    expect(ten).toMatchObject({ codeSource: 'generated', active: true, stock: null });

    const first = await redeem(c, ten.id, 'k1');
    expect(first.status).toBe(201);
    expect(first.body.redemption.code).toMatch(/^TEN-[A-HJ-NP-Z2-9]{8}$/);
    expect(first.body.redemption.points).toBe(100);
    const retry = await redeem(c, ten.id, 'k1');
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ replayed: true, redemption: { id: first.body.redemption.id } });
    const second = await redeem(c, ten.id, 'k2');
    expect(second.body.redemption.code).not.toBe(first.body.redemption.code);
    expect(await available(c)).toBe(50);

    // Not enough points, an unknown reward, a key reused for another reward: 4xx, nothing changes.
    const short = await redeem(c, ten.id, 'k3');
    expect(short.status).toBe(409);
    expect(short.body.error.message).toMatch(/Not enough points: 50 available, 100 asked/);
    expect((await redeem(c, '00000000-0000-4000-8000-000000000000', 'k4')).status).toBe(404);
    const other = await reward({ name: 'Tote bag', kind: 'gift', points: 10 });
    expect((await redeem(c, other.id, 'k1')).status).toBe(409);
    expect(await available(c)).toBe(50);
    const list = (await json(`/api/v1/loyalty/customers/${c}/redemptions`)).body.data as AnyJson[];
    expect(list).toHaveLength(2);

    // Timeline once per redemption, audit for staff.
    expect(await timeline(c, 'reward-redeemed')).toHaveLength(2);
    expect((await audits('loyalty.reward.redeem')).filter((a) => a.customer_id === c)).toHaveLength(2);
  });

  it('twenty parallel redemptions never take the balance below zero', async () => {
    const c = await customer();
    await give(c, 500);
    const r = await reward({ name: 'Coffee', kind: 'discount', points: 100 });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => redeem(c, r.id, `parallel-${i}`)));
    expect(results.filter((x) => x.status === 201)).toHaveLength(5);
    expect(results.filter((x) => x.status === 409)).toHaveLength(15);
    expect(await available(c)).toBe(0);
    const codes = new Set(results.filter((x) => x.status === 201).map((x) => x.body.redemption.code));
    expect(codes.size).toBe(5);
  });

  it('takes stock once per redemption and refuses when out of stock or inactive', async () => {
    const [a, b, c] = [await customer(), await customer(), await customer()];
    for (const x of [a, b, c]) await give(x, 100);
    const r = await reward({ name: 'Tasting', kind: 'gift', points: 50, stock: 2 });
    const results = await Promise.all([a, b, c].map((x) => redeem(x, r.id, 'stock')));
    expect(results.map((x) => x.status).sort()).toEqual([201, 201, 409]);
    const refused = results.find((x) => x.status === 409);
    expect(refused?.body.error.message).toMatch(/out of stock/);
    expect((await json(`/api/v1/loyalty/rewards/${r.id}`)).body).toMatchObject({ stock: 0, redeemed: 2 });
    expect((await Promise.all([a, b, c].map(available))).sort((x, y) => x - y)).toEqual([50, 50, 100]);

    const off = await json(`/api/v1/loyalty/rewards/${r.id}`, {
      method: 'PATCH',
      json: { stock: 5, active: false },
    });
    expect(off.body).toMatchObject({ stock: 5, active: false });
    const inactive = await redeem(a, r.id, 'again');
    expect(inactive.status).toBe(409);
    expect(inactive.body.error.message).toMatch(/no longer offered/);
  });

  it('hands out pool codes one each until the pool is empty, and a purchase with the code marks it used', async () => {
    const c = await customer();
    await give(c, 1000);
    const p = await reward({
      name: 'Cinema ticket',
      kind: 'partner',
      points: 200,
      partnerName: 'Odeon',
      partnerTerms: 'Valid Monday to Thursday',
    });
    expect(p.codeSource).toBe('pool');
    const up = await json(`/api/v1/loyalty/rewards/${p.id}/codes`, {
      method: 'POST',
      json: { codes: ['odeon-001', 'ODEON-002', 'ODEON-002'] },
    });
    expect(up.body).toEqual({ added: 2, alreadyKnown: 1 });
    expect(
      (await json(`/api/v1/loyalty/rewards/${p.id}/codes`, { method: 'POST', json: { codes: ['x'] } }))
        .status,
    ).toBe(400);

    const got = await Promise.all([1, 2, 3].map((i) => redeem(c, p.id, `pool-${i}`)));
    expect(got.map((x) => x.status).sort()).toEqual([201, 201, 409]);
    expect(got.find((x) => x.status === 409)?.body.error.message).toMatch(/no codes left/);
    const codes = got
      .filter((x) => x.status === 201)
      .map((x) => x.body.redemption.code)
      .sort();
    expect(codes).toEqual(['ODEON-001', 'ODEON-002']);
    // The failed one spent nothing.
    expect(await available(c)).toBe(600);

    const ingest = await json('/api/v1/events', {
      method: 'POST',
      json: {
        events: [
          {
            customerId: c,
            sourceId: 'order-9',
            channel: 'web',
            kind: 'purchase',
            occurredAt: now.toISOString(),
            amount: { minor: 1200, currency: 'EUR' },
            properties: { coupon: 'odeon-001' },
          },
        ],
      },
    });
    expect(ingest.status).toBe(200);
    const list = (await json(`/api/v1/loyalty/customers/${c}/redemptions`)).body.data as AnyJson[];
    const used = list.find((d) => d.code === 'ODEON-001');
    const unused = list.find((d) => d.code === 'ODEON-002');
    expect(used?.usedAt).not.toBeNull();
    expect(unused?.usedAt).toBeNull();
    expect((await json(`/api/v1/loyalty/rewards/${p.id}`)).body).toMatchObject({
      freeCodes: 0,
      redeemed: 2,
      used: 1,
    });
  });
});

const openCase = async (customerId: string) => {
  const rules = (await json('/api/v1/rules')).body.data as AnyJson[];
  const rule = rules.find((r) => r.key === 'nps-detractor');
  const r = await raiseFlag(t.ctx, {
    customerId,
    rule: { ...rule, notify: [], cooldownDays: 0 },
    triggerKey: `test:${customerId}`,
    summary: rule.name,
    event: null,
    customer: await buildCustomerFacts(t.ctx, customerId),
  });
  return r.caseId as string;
};

describe('gifts', () => {
  it('sends a gift from a case or a call without spending points, tracked on the timeline and audited', async () => {
    const c = await customer();
    const other = await customer();
    await give(c, 40);
    const flowers = await reward({ name: 'Flowers', kind: 'gift', points: 300, stock: 10 });
    const caseId = await openCase(c);
    const gift = (who: string, from: Record<string, unknown>, key: string) =>
      json(`/api/v1/loyalty/customers/${who}/gifts`, {
        method: 'POST',
        json: { rewardId: flowers.id, key, from, note: 'Sorry for the wait' },
      });
    const sent = await gift(c, { kind: 'case', ref: caseId }, 'g1');
    expect(sent.status).toBe(201);
    expect(sent.body.redemption).toMatchObject({
      channel: 'gift',
      points: 0,
      code: null,
      sourceKind: 'case',
      sourceRef: caseId,
      note: 'Sorry for the wait',
    });
    expect((await gift(c, { kind: 'case', ref: caseId }, 'g1')).body.replayed).toBe(true);
    expect((await gift(c, { kind: 'call', ref: 'call-item-42' }, 'g2')).status).toBe(201);
    // A case about someone else, an unknown case: refused, nothing sent.
    expect((await gift(other, { kind: 'case', ref: caseId }, 'g3')).status).toBe(400);
    expect((await gift(c, { kind: 'case', ref: '00000000-0000-4000-8000-000000000000' }, 'g4')).status).toBe(
      404,
    );

    expect(await available(c)).toBe(40);
    expect((await json(`/api/v1/loyalty/rewards/${flowers.id}`)).body.stock).toBe(8);
    const entries = await timeline(c, 'gift-sent');
    expect(entries).toHaveLength(2);
    expect(entries.map((e) => e.subject)).toContain('Gift sent: Flowers');
    expect((await audits('loyalty.gift.send')).filter((a) => a.customer_id === c)).toHaveLength(2);
    expect((await json(`/api/v1/loyalty/customers/${other}/redemptions`)).body.data).toEqual([]);
  });
});

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});
const formsOf = (html: string) =>
  [...html.matchAll(/name="form" value="([^"]+)"><input type="hidden" name="rewardId" value="([^"]+)"/g)].map(
    (m) => ({ form: m[1] as string, rewardId: m[2] as string }),
  );

describe('the public rewards page', () => {
  it('shows balance and rewards, redeems once per form, and refuses forged, reused and expired links', async () => {
    const c = await customer('Paula Public');
    await give(c, 150);
    const link = await json(`/api/v1/loyalty/customers/${c}/rewards-link`);
    expect(link.status).toBe(200);
    const url = link.body.url as string;
    const path = new URL(url).pathname;
    expect(path).toMatch(/^\/rw\//);

    const page = await fetch(t.url + path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('Paula Public, your rewards');
    expect(html).toContain('<strong>150</strong> points');
    expect(html).not.toContain('<script');
    const rewards = (await json('/api/v1/loyalty/rewards?active=true')).body.data as AnyJson[];
    const pick = rewards.find((r) => r.name === '10% off');
    const f = formsOf(html).find((x) => x.rewardId === pick.id);
    if (!f) throw new Error('no form for the reward');

    const post = await fetch(t.url + path, form(f));
    expect(post.status).toBe(303);
    const result = post.headers.get('location') as string;
    const shown = await (await fetch(t.url + result)).text();
    expect(shown).toMatch(/data-code>TEN-[A-Z2-9]{8}</);
    expect(await available(c)).toBe(50);
    expect(await timeline(c, 'reward-redeemed')).toHaveLength(1);

    // The same form again: 409, nothing more taken.
    const again = await fetch(t.url + path, form(f));
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('This form was already used');
    // A fresh form for more than the balance: 409 with the reason, nothing taken.
    const fresh = formsOf(await (await fetch(t.url + path)).text()).find((x) => x.rewardId === pick.id);
    if (!fresh) throw new Error('no form');
    const short = await fetch(t.url + path, form(fresh));
    expect(short.status).toBe(409);
    expect(await short.text()).toContain('Not enough points');
    expect(await available(c)).toBe(50);

    // Someone else's form on this page, a forged link, another customer's result page: refused.
    const other = await customer();
    const otherPath = (await rewardsPageLink(t.ctx, other, now)).path;
    const otherForm = formsOf(await (await fetch(t.url + otherPath)).text())[0];
    if (!otherForm) throw new Error('no form');
    expect((await fetch(t.url + path, form(otherForm))).status).toBe(400);
    expect((await fetch(`${t.url}${path.slice(0, -3)}abc`)).status).toBe(404);
    expect((await fetch(t.url + otherPath + result.slice(path.length))).status).toBe(404);

    // A form older than an hour, then a link older than 30 days: 410, nothing redeemed.
    const stale = formsOf(await (await fetch(t.url + path)).text()).find((x) => x.rewardId === pick.id);
    if (!stale) throw new Error('no form');
    await give(c, 500);
    const before = now;
    now = new Date(before.getTime() + 61 * 60_000);
    expect((await fetch(t.url + path, form(stale))).status).toBe(410);
    now = new Date(before.getTime() + 31 * 86_400_000);
    const expired = await fetch(t.url + path);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This rewards link has expired');
    expect((await fetch(t.url + path, form(stale))).status).toBe(410);
    now = before;
    expect(await available(c)).toBe(550);
    expect((await json(`/api/v1/loyalty/customers/${c}/redemptions`)).body.data).toHaveLength(1);
  });
});
