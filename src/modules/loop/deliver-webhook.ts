import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { availableParallelism } from 'node:os';
import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { defineJob } from '../../kernel/context.ts';
import { signWebhook } from './sign-webhook.ts';
import { type AllowList, checkAddress, describeNetworkError, pinnedLookup } from './webhook-destination.ts';

/** Attempts per delivery, the first included; retries back off exponentially in the queue. */
export const MAX_WEBHOOK_ATTEMPTS = 6;
const TIMEOUT_MS = 10_000;

export type WebhookPayload = {
  type: string;
  timestamp: string;
  summary: string;
  data: Record<string, unknown>;
};

/**
 * Slack reads `&`, `<` and `>` as markup (links, mentions such as <!channel>): text that comes
 * from customers (their names in a summary) is escaped as Slack asks, so it shows as typed.
 */
export const slackEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Slack (and Mattermost, Teams via connectors) incoming webhooks expect `text` and optional blocks. */
export function slackBody(p: WebhookPayload): Record<string, unknown> {
  // Our own link: only characters that would end the <url|label> markup are percent-encoded.
  const url =
    typeof p.data.url === 'string' ? ` <${p.data.url.replace(/[<>|]/g, encodeURIComponent)}|Open case>` : '';
  const summary = slackEscape(p.summary);
  return {
    text: `${summary}${url}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${slackEscape(p.type)}* — ${summary}${url}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Tenure · ${slackEscape(p.timestamp)}` }] },
    ],
  };
}

/**
 * POSTs with node:http(s) rather than fetch, so the socket connects to the address the pinned
 * lookup checked (an IP literal is checked here, since no lookup runs for it). Redirects are not
 * followed. Resolves with the status code; rejects with the network error.
 */
function post(allow: AllowList, url: string, headers: Record<string, string>, body: string): Promise<number> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) checkAddress(allow, host, host);
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      u,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(allow),
        signal: AbortSignal.timeout(TIMEOUT_MS),
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('error', () => {});
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * One attempt to deliver a webhook, signed per Standard Webhooks, logged in webhook_attempt.
 * A non-2xx answer or a network error throws, so the queue retries with backoff; after the last
 * attempt the delivery is marked failed instead. Delivered ones are never sent again.
 */
export async function deliverWebhook(
  ctx: Pick<Ctx, 'db' | 'config'>,
  id: string,
): Promise<'delivered' | 'failed' | 'skipped'> {
  const d = await ctx.db
    .selectFrom('webhook_delivery')
    .innerJoin('webhook_endpoint', 'webhook_endpoint.id', 'webhook_delivery.endpoint_id')
    .select(['webhook_delivery.id', 'payload', 'status', 'attempts', 'url', 'secret', 'format', 'enabled'])
    .where('webhook_delivery.id', '=', id)
    .executeTakeFirst();
  if (d?.status !== 'pending' || !d.enabled) return 'skipped';
  const payload = d.payload as unknown as WebhookPayload;
  const body = JSON.stringify(d.format === 'slack' ? slackBody(payload) : payload);
  // Signing uses the real wall clock: receivers compare it with theirs to refuse replays.
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Tenure-Webhooks/1',
    ...signWebhook(d.secret, d.id, Math.floor(Date.now() / 1000), body),
  };
  const attempt = d.attempts + 1;
  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    statusCode = await post(ctx.config.webhookAllowPrivate, d.url, headers, body);
    if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
  } catch (err) {
    error = describeNetworkError(err);
  }
  const ok = error === null;
  const final = ok || attempt >= MAX_WEBHOOK_ATTEMPTS;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhook_attempt')
      .values({
        delivery_id: d.id,
        attempt,
        status_code: statusCode,
        error,
        duration_ms: Math.round(performance.now() - started),
      })
      .onConflict((oc) => oc.columns(['delivery_id', 'attempt']).doNothing())
      .execute();
    await trx
      .updateTable('webhook_delivery')
      .set({
        attempts: attempt,
        last_status_code: statusCode,
        last_error: error,
        status: ok ? 'delivered' : final ? 'failed' : 'pending',
        delivered_at: ok ? sql`now()` : null,
      })
      .where('id', '=', d.id)
      .execute();
  });
  if (!final) throw new Error(`webhook ${d.id} attempt ${attempt} failed: ${error}`);
  return ok ? 'delivered' : 'failed';
}

/**
 * A delivery is almost all waiting on the receiver (up to the 10 s timeout), so a worker runs
 * several per core. Each endpoint gets at most half of them, across all worker processes (the
 * job's group is its endpoint): a slow or dead receiver holds its own slots, not everyone's.
 */
export const WEBHOOK_CONCURRENCY = Math.min(32, Math.max(8, 4 * availableParallelism()));
export const WEBHOOK_CONCURRENCY_PER_ENDPOINT = Math.ceil(WEBHOOK_CONCURRENCY / 2);

export const deliverWebhookJob = defineJob<{ id: string }>({
  name: 'loop.deliver-webhook',
  retryLimit: MAX_WEBHOOK_ATTEMPTS - 1,
  notify: true,
  // NOTIFY wakes the workers at commit; the poll is the fallback (and picks up retries, which are
  // not notified). Each worker polls on its own: on 2 cores, 8 workers fetch 4 times a second idle.
  pollingIntervalSeconds: 2,
  localConcurrency: WEBHOOK_CONCURRENCY,
  groupConcurrency: WEBHOOK_CONCURRENCY_PER_ENDPOINT,
  expireInSeconds: 30,
  handle: (ctx, data) => deliverWebhook(ctx, data.id),
});
