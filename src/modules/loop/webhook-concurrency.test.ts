import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';
import { deliverWebhookJob, WEBHOOK_CONCURRENCY_PER_ENDPOINT } from './deliver-webhook.ts';
import { emitWebhook } from './emit-webhook.ts';
import { startReceiver, waitFor } from './testing/fixtures.ts';

let t: TestApp;
let slow: Awaited<ReturnType<typeof startReceiver>>;
let fast: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  t = await startTestApp({ config: { webhookAllowPrivate: ['127.0.0.1'] } });
  // The slow receiver answers nothing until the test lets it; the fast one fails its first
  // request, so one delivery goes through the queue's retry.
  slow = await startReceiver({ hold: true });
  fast = await startReceiver({ failFirst: 1 });
});
afterAll(async () => {
  slow?.release();
  await t?.close();
  await slow?.close();
  await fast?.close();
});

const EVENTS = WEBHOOK_CONCURRENCY_PER_ENDPOINT + 6;
const ids = (r: Awaited<ReturnType<typeof startReceiver>>) => r.received.map((h) => h.headers['webhook-id']);

describe('webhook delivery in parallel', () => {
  it('keeps delivering to a fast endpoint while a slow one holds its share, once per delivery', async () => {
    for (const url of [slow.url, fast.url])
      await t.api('/api/v1/webhooks', { method: 'POST', json: { url, eventTypes: ['case.opened'] } });
    for (let i = 0; i < EVENTS; i++)
      await t.ctx.db.transaction().execute((trx) =>
        emitWebhook(t.ctx, trx, {
          type: 'case.opened',
          at: new Date('2026-11-17T10:00:00Z'),
          summary: `Case ${i}`,
          data: { i },
          dedupeKey: `case-${i}`,
        }),
      );
    await t.ctx.queue.work(t.ctx, [deliverWebhookJob as never]);

    // Every fast delivery arrives (one after a retry) while the slow receiver has answered none.
    await waitFor('fast deliveries', async () => fast.received.length === EVENTS);
    expect(slow.received).toHaveLength(0);
    // The slow endpoint has as many requests open as its share allows, and no more.
    await waitFor(
      'slow endpoint at its share',
      async () => slow.inFlight() === WEBHOOK_CONCURRENCY_PER_ENDPOINT,
    );
    expect(slow.maxInFlight()).toBe(WEBHOOK_CONCURRENCY_PER_ENDPOINT);

    slow.release();
    // A receiver has the request a moment before the worker records the answer: wait for the record.
    const delivered = () =>
      t.ctx.db
        .selectFrom('webhook_delivery')
        .select(({ fn }) => fn.countAll<string>().as('n'))
        .where('status', '=', 'delivered')
        .executeTakeFirstOrThrow();
    await waitFor('all delivered', async () => Number((await delivered()).n) === 2 * EVENTS);
    const other = await t.ctx.db
      .selectFrom('webhook_delivery')
      .select('status')
      .where('status', '!=', 'delivered')
      .execute();
    expect(other).toEqual([]);
    expect(slow.received).toHaveLength(EVENTS);
    expect(fast.received).toHaveLength(EVENTS);
    // Exactly once per delivery: no webhook-id reached a receiver twice, the retry included.
    expect(new Set(ids(fast)).size).toBe(EVENTS);
    expect(new Set(ids(slow)).size).toBe(EVENTS);
  });
});
