import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { deliverWebhook, MAX_WEBHOOK_ATTEMPTS } from './deliver-webhook.ts';
import { emitWebhook } from './emit-webhook.ts';
import { startReceiver } from './testing/fixtures.ts';

let t: TestApp;
let flaky: Awaited<ReturnType<typeof startReceiver>>;
let slack: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  t = await startTestApp();
  flaky = await startReceiver({ failFirst: 2 });
  slack = await startReceiver();
});
afterAll(async () => {
  await t?.close();
  await flaky?.close();
  await slack?.close();
});

const emit = (type: 'case.opened' | 'case.resolved', key: string) =>
  t.ctx.db.transaction().execute((trx) =>
    emitWebhook(t.ctx, trx, {
      type,
      at: new Date('2026-11-17T10:00:00Z'),
      summary: 'Case for Jeanne — P2',
      data: { caseId: key, url: 'http://localhost/x' },
      dedupeKey: key,
    }),
  );

describe('outgoing webhooks', () => {
  it('retries a failing endpoint, logs every attempt, and signs per Standard Webhooks', async () => {
    const created = await (
      await t.api('/api/v1/webhooks', {
        method: 'POST',
        json: { url: flaky.url, eventTypes: ['case.opened'] },
      })
    ).json();
    expect(created.secret).toMatch(/^whsec_/);
    expect(await emit('case.opened', 'k1')).toBe(1);
    expect(await emit('case.opened', 'k1')).toBe(0); // the same event twice is one delivery
    expect(await emit('case.resolved', 'k2')).toBe(0); // not subscribed
    const [delivery] = (await (await t.api(`/api/v1/webhooks/${created.webhook.id}/deliveries`)).json()).data;
    // The queue retries a thrown attempt; here the test plays the queue.
    await expect(deliverWebhook(t.ctx, delivery.id)).rejects.toThrow(/attempt 1 failed: HTTP 500/);
    await expect(deliverWebhook(t.ctx, delivery.id)).rejects.toThrow(/attempt 2/);
    expect(await deliverWebhook(t.ctx, delivery.id)).toBe('delivered');
    expect(await deliverWebhook(t.ctx, delivery.id)).toBe('skipped');
    const [log] = (await (await t.api(`/api/v1/webhooks/${created.webhook.id}/deliveries`)).json()).data;
    expect(log.status).toBe('delivered');
    expect(log.attempts.map((a: AnyJson) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 500],
      [3, 204],
    ]);
    const [hook] = flaky.received;
    expect(hook?.headers['webhook-id']).toBe(delivery.id);
    const payload = new Webhook(created.secret).verify(hook?.body ?? '', hook?.headers ?? {}) as AnyJson;
    expect(payload).toMatchObject({
      type: 'case.opened',
      timestamp: '2026-11-17T10:00:00.000Z',
      data: { caseId: 'k1' },
    });
  });

  it('sends a Slack-compatible body when asked', async () => {
    await t.api('/api/v1/webhooks', {
      method: 'POST',
      json: { url: slack.url, format: 'slack', eventTypes: ['case.resolved'] },
    });
    await emit('case.resolved', 'k3');
    const id = (
      await t.ctx.db
        .selectFrom('webhook_delivery')
        .select('id')
        .where('dedupe_key', '=', 'k3')
        .executeTakeFirstOrThrow()
    ).id;
    expect(await deliverWebhook(t.ctx, id)).toBe('delivered');
    const body = JSON.parse(slack.received[0]?.body ?? '{}');
    expect(body.text).toBe('Case for Jeanne — P2 <http://localhost/x|Open case>');
    expect(body.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
  });

  it('gives up after the last attempt and says so in the log', async () => {
    const dead = await (
      await t.api('/api/v1/webhooks', {
        method: 'POST',
        json: { url: 'http://127.0.0.1:9/unreachable', eventTypes: ['case.opened'] },
      })
    ).json();
    await emit('case.opened', 'k4');
    const id = (
      await t.ctx.db
        .selectFrom('webhook_delivery')
        .select('id')
        .where('endpoint_id', '=', dead.webhook.id)
        .executeTakeFirstOrThrow()
    ).id;
    for (let i = 1; i < MAX_WEBHOOK_ATTEMPTS; i++) await expect(deliverWebhook(t.ctx, id)).rejects.toThrow();
    expect(await deliverWebhook(t.ctx, id)).toBe('failed');
    const [log] = (await (await t.api(`/api/v1/webhooks/${dead.webhook.id}/deliveries`)).json()).data;
    expect(log).toMatchObject({ status: 'failed' });
    expect(log.attempts).toHaveLength(MAX_WEBHOOK_ATTEMPTS);
  });
});
