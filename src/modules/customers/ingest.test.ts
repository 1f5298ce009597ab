import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const event = (over: Record<string, unknown> = {}) => ({
  externalId: 'cust-1',
  sourceId: 'evt-1',
  source: 'shop',
  channel: 'web',
  kind: 'purchase',
  occurredAt: '2026-01-05T10:00:00Z',
  amount: { minor: 1999, currency: 'EUR' },
  traits: { name: 'Ada Lovelace', emails: ['ada@example.com'] },
  ...over,
});

describe('POST /api/v1/events', () => {
  it('stores each event once, creates unknown customers, and counts retries as duplicates', async () => {
    const batch = { events: [event(), event({ sourceId: 'evt-2', occurredAt: '2026-02-01T09:00:00Z' })] };
    const first = await (await t.api('/api/v1/events', { method: 'POST', json: batch })).json();
    expect(first).toMatchObject({ accepted: 2, duplicates: 0, rejected: [], customersCreated: 1 });
    const retry = await (await t.api('/api/v1/events', { method: 'POST', json: batch })).json();
    expect(retry).toMatchObject({ accepted: 0, duplicates: 2, rejected: [], customersCreated: 0 });
    const { rows } = await t.ctx.db
      .selectFrom('interaction')
      .select('source_id')
      .execute()
      .then((r) => ({ rows: r }));
    expect(rows.map((r) => r.source_id).sort()).toEqual(['evt-1', 'evt-2']);
  });

  it('rejects bad items one by one with a reason and keeps the good ones', async () => {
    const res = await t.api('/api/v1/events', {
      method: 'POST',
      json: {
        events: [
          event({ sourceId: 'ok-1', externalId: 'cust-2' }),
          event({ sourceId: 'bad-1', occurredAt: 'yesterday' }),
          event({ sourceId: 'bad-2', channel: 'pigeon' }),
          event({
            sourceId: 'bad-3',
            externalId: undefined,
            customerId: '00000000-0000-4000-8000-000000000000',
          }),
        ],
      },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2, 3]);
    expect(body.rejected[0].reason).toMatch(/occurredAt/);
    expect(body.rejected[1].reason).toMatch(/channel/);
    expect(body.rejected[2].reason).toMatch(/does not exist/);
  });

  it('answers malformed JSON, wrong types and oversized batches with a 4xx that says what is wrong', async () => {
    const malformed = await t.api('/api/v1/events', {
      method: 'POST',
      body: '{"events": [',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminKey}` },
    });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.message).toMatch(/JSON/);
    const wrongType = await t.api('/api/v1/events', { method: 'POST', json: { events: 'nope' } });
    expect(wrongType.status).toBe(400);
    expect((await wrongType.json()).error).toMatchObject({ code: 'validation_failed' });
    const tooMany = await t.api('/api/v1/events', {
      method: 'POST',
      json: { events: Array.from({ length: 1001 }, () => event()) },
    });
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error.message).toMatch(/events/);
  });

  it('serves the customer 360 with aggregates from the timeline', async () => {
    const found = await (await t.api('/api/v1/customers?externalId=cust-1')).json();
    expect(found.data).toHaveLength(1);
    const id = found.data[0].id;
    await t.api('/api/v1/events', {
      method: 'POST',
      json: {
        events: [
          event({
            sourceId: 'call-1',
            channel: 'phone',
            kind: 'call',
            amount: undefined,
            occurredAt: '2026-02-10T12:00:00Z',
          }),
          event({
            sourceId: 'refund-1',
            kind: 'refund',
            amount: { minor: 500, currency: 'EUR' },
            occurredAt: '2026-02-11T12:00:00Z',
          }),
        ],
      },
    });
    const c = await (await t.api(`/api/v1/customers/${id}`)).json();
    expect(c.name).toBe('Ada Lovelace');
    expect(c).toMatchObject({ emails: ['ada@example.com'], phones: [] });
    expect(c.identities).toEqual([{ source: 'default', externalId: 'cust-1' }]);
    expect(c.aggregates).toMatchObject({
      purchaseCount: 2,
      firstPurchaseAt: '2026-01-05T10:00:00.000Z',
      lastPurchaseAt: '2026-02-01T09:00:00.000Z',
      lifetimeSpend: [{ currency: 'EUR', minor: 1999 * 2 - 500 }],
      lastContactAt: '2026-02-10T12:00:00.000Z',
      lastContactChannel: 'phone',
      interactionCount: 4,
      openItems: 0,
    });
    expect(c.firstSeenAt).toBe('2026-01-05T10:00:00.000Z');
  });

  it('moves "first seen" back for a back-filled touchpoint, by external id or by customer id', async () => {
    const firstSeen = async (externalId: string) =>
      (await (await t.api(`/api/v1/customers?externalId=${externalId}`)).json()).data[0];
    const ada = await firstSeen('cust-1');
    const post = (events: unknown[]) => t.api('/api/v1/events', { method: 'POST', json: { events } });
    // A later touchpoint leaves it; an older one in the same batch moves it.
    await post([
      event({ sourceId: 'late-1', occurredAt: '2026-03-01T00:00:00Z' }),
      event({ sourceId: 'old-1', occurredAt: '2025-11-20T08:00:00Z' }),
      event({ sourceId: 'old-2', occurredAt: '2025-12-20T08:00:00Z' }),
    ]);
    expect((await firstSeen('cust-1')).firstSeenAt).toBe('2025-11-20T08:00:00.000Z');
    await post([
      event({
        sourceId: 'old-3',
        externalId: undefined,
        customerId: ada.id,
        occurredAt: '2025-10-01T00:00:00Z',
      }),
    ]);
    expect((await firstSeen('cust-1')).firstSeenAt).toBe('2025-10-01T00:00:00.000Z');
  });
});
