import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../../test/helpers.ts';
import { manualClock } from '../../loop/testing/fixtures.ts';

// Offers for long-standing customers through the real API and database: who may have one, codes
// from a pool or made per customer, one code per customer however often it is given, and the
// code redeemed by the first purchase that carries it (and only once, even if ingested twice).

const clock = manualClock('2026-11-30T12:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(async () => {
  await t?.close();
});

/** A customer with purchases of `minor` EUR each on the given days. */
async function customer(externalId: string, purchases: { on: string; minor: number; coupon?: string }[]) {
  const res = await t.api('/api/v1/events', {
    method: 'POST',
    json: {
      events: purchases.map((p, n) => ({
        externalId,
        source: 'shop',
        sourceId: `${externalId}-${n}`,
        channel: 'web',
        kind: 'purchase',
        occurredAt: `${p.on}T10:00:00Z`,
        amount: { minor: p.minor, currency: 'EUR' },
        ...(p.coupon ? { properties: { coupon: p.coupon } } : {}),
      })),
    },
  });
  expect(res.status).toBe(200);
  const found = await (await t.api(`/api/v1/customers?query=${externalId}`)).json();
  return found.data[0].id as string;
}

const createOffer = async (json: Record<string, unknown>) => {
  const res = await t.api('/api/v1/offers', { method: 'POST', json });
  expect(res.status).toBe(201);
  return (await res.json()) as AnyJson;
};
const give = async (offerId: string, customerIds: string[]) => {
  const res = await t.api(`/api/v1/offers/${offerId}/assign`, { method: 'POST', json: { customerIds } });
  expect(res.status).toBe(200);
  return (await res.json()).data as AnyJson[];
};

describe('offers for long-standing customers', () => {
  let loyal = '';
  let recent = '';
  let small = '';
  beforeAll(async () => {
    loyal = await customer('LOYAL-1', [
      { on: '2024-01-10', minor: 60_00 },
      { on: '2026-10-01', minor: 70_00 },
    ]);
    recent = await customer('NEW-1', [{ on: '2026-11-01', minor: 500_00 }]);
    small = await customer('SMALL-1', [{ on: '2023-05-01', minor: 20_00 }]);
  });

  it('gives generated single-use codes to eligible customers only, and says why not to the others', async () => {
    const offer = await createOffer({
      name: 'Two years with us',
      codeSource: 'generated',
      codePrefix: 'THANKS',
      minTenureDays: 365,
      minSpendMinor: 100_00,
      currency: 'EUR',
    });
    const first = await give(offer.id, [loyal, recent, small]);
    const byId = new Map(first.map((a) => [a.customerId, a]));
    expect(byId.get(loyal)).toMatchObject({ assigned: true, reason: null });
    expect(byId.get(loyal)?.code).toMatch(/^THANKS-[A-HJ-NP-Z2-9]{8}$/);
    expect(byId.get(recent)).toMatchObject({ assigned: false, code: null });
    expect(byId.get(recent)?.reason).toBe(
      'a customer for 29 days; the offer is for customers of 365 days or more',
    );
    expect(byId.get(small)?.reason).toBe('spent 20.00 EUR; the offer needs 100.00 EUR');

    // Giving again (a retry, a second rep) returns the same code and uses no other.
    const again = await give(offer.id, [loyal]);
    expect(again[0]?.code).toBe(byId.get(loyal)?.code);
    const stored = await sql<{
      n: number;
    }>`select count(*)::int as n from offer_code where offer_id = ${offer.id}`.execute(t.ctx.db);
    expect(stored.rows[0]?.n).toBe(1);
    // The rep sees it on the timeline, once.
    const timeline = await (await t.api(`/api/v1/customers/${loyal}/timeline?limit=50`)).json();
    const notes = timeline.data.filter((i: AnyJson) => i.kind === 'offer-given');
    expect(notes).toHaveLength(1);
    expect(notes[0].subject).toBe(`Offer: Two years with us (code ${byId.get(loyal)?.code})`);
  });

  it('hands out a pool one code each, says when it runs dry, and skips codes already known', async () => {
    const offer = await createOffer({ name: 'Gift card', codeSource: 'pool', minTenureDays: 30 });
    const upload = await t.api(`/api/v1/offers/${offer.id}/codes`, {
      method: 'POST',
      json: { codes: ['gift-0001', 'GIFT-0001', 'GIFT-0002'] },
    });
    expect(await upload.json()).toEqual({ added: 2, alreadyKnown: 1 });
    const given = await give(offer.id, [loyal, small]);
    expect(given.map((a) => a.code).sort()).toEqual(['GIFT-0001', 'GIFT-0002']);
    const third = await customer('LOYAL-2', [{ on: '2025-01-01', minor: 10_00 }]);
    const dry = await give(offer.id, [third]);
    expect(dry[0]).toMatchObject({ assigned: false, reason: 'the pool has no free codes left; upload more' });
    const view = await (await t.api(`/api/v1/offers/${offer.id}`)).json();
    expect(view.codes).toEqual({ total: 2, free: 0, assigned: 2, redeemed: 0 });
  });

  it('records a redemption when an ingested purchase carries the code, once, even if the purchase comes twice', async () => {
    const offer = await createOffer({ name: 'Come back', codeSource: 'generated' });
    const [given] = await give(offer.id, [loyal]);
    const purchase = {
      externalId: 'LOYAL-1',
      source: 'shop',
      sourceId: 'order-with-code',
      channel: 'web',
      kind: 'purchase',
      occurredAt: '2026-11-29T15:00:00Z',
      amount: { minor: 45_00, currency: 'EUR' },
      properties: { discount_code: given?.code.toLowerCase() },
    };
    for (let n = 0; n < 2; n++)
      expect((await t.api('/api/v1/events', { method: 'POST', json: { events: [purchase] } })).status).toBe(
        200,
      );
    const row = (
      await sql<AnyJson>`select redeemed_at, redeemed_by, redeemed_on from offer_code where code = ${given?.code}`.execute(
        t.ctx.db,
      )
    ).rows[0];
    expect(row).toEqual({
      redeemed_at: new Date('2026-11-29T15:00:00Z'),
      redeemed_by: loyal,
      redeemed_on: 'shop:order-with-code',
    });
    const again = await give(offer.id, [loyal]);
    expect(again[0]?.redeemedAt).toBe('2026-11-29T15:00:00.000Z');
    const view = await (await t.api(`/api/v1/offers/${offer.id}`)).json();
    expect(view.codes.redeemed).toBe(1);
  });

  it('refuses bad input with a message, and ended offers give nothing', async () => {
    const bad = await t.api('/api/v1/offers', {
      method: 'POST',
      json: { name: 'x', codeSource: 'generated', minSpendMinor: 500 },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/currency: give the currency of minSpendMinor/);
    const offer = await createOffer({ name: 'Old', codeSource: 'generated' });
    const codes = await t.api(`/api/v1/offers/${offer.id}/codes`, {
      method: 'POST',
      json: { codes: ['ABC-1'] },
    });
    expect(codes.status).toBe(409);
    const weird = await t.api('/api/v1/offers', {
      method: 'POST',
      json: { name: 'x', codeSource: 'pool', codePrefix: 'NOPE' },
    });
    expect(weird.status).toBe(400);
    await t.api(`/api/v1/offers/${offer.id}/archive`, { method: 'POST' });
    const after = await give(offer.id, [loyal]);
    expect(after[0]).toMatchObject({ assigned: false, reason: 'the offer is archived' });
    const audit = await (await t.api('/api/v1/audit?limit=100')).json();
    expect(audit.data.map((e: AnyJson) => e.action)).toEqual(
      expect.arrayContaining(['offer.create', 'offer.give', 'offer.codes.add', 'offer.archive']),
    );
  });
});
