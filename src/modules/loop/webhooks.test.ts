import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../../test/helpers.ts';
import { deliverWebhook, MAX_WEBHOOK_ATTEMPTS, slackBody } from './deliver-webhook.ts';
import { emitWebhook } from './emit-webhook.ts';
import { startReceiver } from './testing/fixtures.ts';

let t: TestApp;
let strict: TestApp;
let flaky: Awaited<ReturnType<typeof startReceiver>>;
let slack: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  // The receivers listen on loopback: this instance allows it explicitly, as an admin would.
  t = await startTestApp({ config: { webhookAllowPrivate: ['127.0.0.1'] } });
  strict = await startTestApp();
  flaky = await startReceiver({ failFirst: 2 });
  slack = await startReceiver();
});
afterAll(async () => {
  await t?.close();
  await strict?.close();
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
    // A category, never the socket's own message with the address and port in it.
    expect(new Set(log.attempts.map((a: AnyJson) => a.error))).toEqual(new Set(['connection refused']));
  });
});

describe('webhook destinations', () => {
  it('refuses loopback, link-local, private, CGNAT, unspecified and multicast destinations by default', async () => {
    for (const url of [
      'http://127.0.0.1:8080/x',
      'http://localhost/x',
      'http://169.254.169.254/latest/meta-data',
      'http://10.1.2.3/x',
      'http://172.16.0.9/x',
      'http://192.168.1.1/x',
      'http://100.64.0.1/x',
      'http://0.0.0.0/x',
      'http://224.0.0.1/x',
      'http://[::1]/x',
      'http://[fe80::1]/x',
      'http://[fd00::1]/x',
      'http://[::ffff:10.0.0.1]/x',
      'http://[::ffff:7f00:1]/x',
    ]) {
      const res = await strict.api('/api/v1/webhooks', { method: 'POST', json: { url } });
      expect(res.status, url).toBe(400);
      const { error } = await res.json();
      expect(error.message, url).toMatch(/Only public addresses.*TENURE_WEBHOOK_ALLOW_PRIVATE/);
    }
    const ok = await strict.api('/api/v1/webhooks', {
      method: 'POST',
      json: { url: 'https://8.8.8.8/hook' },
    });
    expect(ok.status).toBe(201);
    const { webhook } = await ok.json();
    const moved = await strict.api(`/api/v1/webhooks/${webhook.id}`, {
      method: 'PATCH',
      json: { url: 'http://127.0.0.1:9/' },
    });
    expect(moved.status).toBe(400);
  });

  it('checks the address it connects to at delivery, so a name that now resolves to loopback is not reached', async () => {
    const receiver = await startReceiver();
    try {
      const port = new URL(receiver.url).port;
      const endpointId = '0192f0c0-0000-7000-8000-000000000001';
      // As if the name had resolved to a public address when registered and was rebound since.
      await strict.ctx.db
        .insertInto('webhook_endpoint')
        .values({
          id: endpointId,
          url: `http://localhost:${port}/hooks`,
          secret: 'whsec_dGVzdA==',
          event_types: [],
        })
        .execute();
      await strict.ctx.db.transaction().execute((trx) =>
        emitWebhook(strict.ctx, trx, {
          type: 'case.opened',
          at: new Date('2026-11-17T10:00:00Z'),
          summary: 'x',
          data: {},
          dedupeKey: 'rebound',
        }),
      );
      const { id } = await strict.ctx.db
        .selectFrom('webhook_delivery')
        .select('id')
        .where('dedupe_key', '=', 'rebound')
        .where('endpoint_id', '=', endpointId)
        .executeTakeFirstOrThrow();
      await expect(deliverWebhook(strict.ctx, id)).rejects.toThrow(/destination not allowed/);
      const literal = `http://127.0.0.1:${port}/hooks`;
      await strict.ctx.db
        .updateTable('webhook_endpoint')
        .set({ url: literal })
        .where('id', '=', endpointId)
        .execute();
      await expect(deliverWebhook(strict.ctx, id)).rejects.toThrow(/destination not allowed/);
      expect(receiver.received).toHaveLength(0);
      const attempts = await strict.ctx.db
        .selectFrom('webhook_attempt')
        .select('error')
        .where('delivery_id', '=', id)
        .orderBy('attempt')
        .execute();
      expect(attempts.map((a) => a.error)).toEqual(['destination not allowed', 'destination not allowed']);
    } finally {
      await receiver.close();
    }
  });

  it('escapes customer text in Slack bodies', () => {
    const body = slackBody({
      type: 'case.opened',
      timestamp: '2026-11-17T10:00:00.000Z',
      summary: 'Case for <!channel> & <https://evil.example|click here>',
      data: { url: 'http://localhost/cases/1' },
    }) as AnyJson;
    expect(body.text).toBe(
      'Case for &lt;!channel&gt; &amp; &lt;https://evil.example|click here&gt; <http://localhost/cases/1|Open case>',
    );
    expect(body.blocks[0].text.text).not.toContain('<!channel>');
  });
});
