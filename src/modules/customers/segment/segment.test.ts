import http from 'node:http';
import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.ts';
import { createApiKey } from '../../staff/index.ts';

let t: TestApp;
let writeKey: string;
beforeAll(async () => {
  t = await startTestApp();
  writeKey = (await createApiKey(t.ctx, { name: 'segment', scopes: ['ingest'] })).key;
});
afterAll(() => t?.close());

/**
 * A proxy in front of Tenure that lets the first request through but cuts the connection before
 * the client sees the answer: the committed batch is retried by the client, as happens in life.
 */
async function flakyProxy(target: string) {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    const first = requests === 1;
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const upstream = await fetch(target + req.url, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      });
      const body = await upstream.text();
      if (first) {
        req.socket.destroy();
        return;
      }
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, requests: () => requests, close: () => server.close() };
}

describe('Segment-compatible ingest', () => {
  it('takes identify and track from the official client and stores each message exactly once despite a retry', async () => {
    const proxy = await flakyProxy(t.url);
    const analytics = new Analytics({ writeKey, host: proxy.url, flushAt: 10, maxRetries: 3 });
    analytics.identify({
      userId: 'u-42',
      messageId: 'm-identify-1',
      traits: { name: 'Grace Hopper', email: 'grace@example.com', plan: 'pro' },
      timestamp: new Date('2026-03-01T08:00:00Z'),
    });
    analytics.track({
      userId: 'u-42',
      messageId: 'm-order-1',
      event: 'Order Completed',
      properties: { revenue: 49.9, currency: 'eur', orderId: 'o-1' },
      timestamp: new Date('2026-03-01T09:00:00Z'),
    });
    analytics.track({
      userId: 'u-42',
      messageId: 'm-ticket-1',
      event: 'Support Ticket Opened',
      properties: { subject: 'Late delivery' },
      timestamp: new Date('2026-03-02T09:00:00Z'),
    });
    await analytics.closeAndFlush({ timeout: 20_000 });
    proxy.close();
    expect(proxy.requests()).toBeGreaterThanOrEqual(2);

    const found = await (await t.api('/api/v1/customers?externalId=u-42')).json();
    expect(found.data).toHaveLength(1);
    const c = found.data[0];
    expect(c).toMatchObject({
      name: 'Grace Hopper',
      emails: ['grace@example.com'],
      customFields: { plan: 'pro' },
    });
    const timeline = await (await t.api(`/api/v1/customers/${c.id}/timeline`)).json();
    const bySource = timeline.data
      .map((i: { sourceId: string; kind: string }) => `${i.sourceId}:${i.kind}`)
      .sort();
    expect(bySource).toEqual([
      'm-identify-1:profile-update',
      'm-order-1:purchase',
      'm-ticket-1:support-ticket-opened',
    ]);
    const order = timeline.data.find((i: { sourceId: string }) => i.sourceId === 'm-order-1');
    expect(order.amount).toEqual({ minor: 4990, currency: 'EUR' });
  });

  it('accepts the HTTP API shapes directly and reports messages it cannot use', async () => {
    const auth = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
    const res = await t.api('/v1/batch', {
      method: 'POST',
      headers: { authorization: auth },
      json: {
        batch: [
          {
            type: 'track',
            userId: 'u-7',
            messageId: 'b-1',
            event: 'Signed Up',
            timestamp: '2026-03-01T00:00:00Z',
          },
          { type: 'track', anonymousId: 'anon', messageId: 'b-2', event: 'Viewed' },
          { type: 'group', userId: 'u-7', messageId: 'b-3', groupId: 'g' },
          { type: 'page', userId: 'u-7', messageId: 'b-4', name: 'Pricing' },
        ],
      },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ success: true, accepted: 2, duplicates: 0 });
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2]);
    expect(body.rejected[0].reason).toMatch(/userId/);

    const single = await t.api('/v1/track', {
      method: 'POST',
      headers: { authorization: auth },
      json: { userId: 'u-7', messageId: 'b-1', event: 'Signed Up', timestamp: '2026-03-01T00:00:00Z' },
    });
    expect(await single.json()).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it('refuses a write key without the ingest scope', async () => {
    const { key } = await createApiKey(t.ctx, { name: 'reader', scopes: ['read'] });
    const res = await t.api('/v1/track', {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
      json: { userId: 'u-1', messageId: 'x', event: 'E' },
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden');
  });
});
