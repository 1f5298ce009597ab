import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { defineJob } from '../../kernel/context.ts';
import { signWebhook } from './sign-webhook.ts';

/** Attempts per delivery, the first included; retries back off exponentially in the queue. */
export const MAX_WEBHOOK_ATTEMPTS = 6;
const TIMEOUT_MS = 10_000;

type Payload = { type: string; timestamp: string; summary: string; data: Record<string, unknown> };

/** Slack (and Mattermost, Teams via connectors) incoming webhooks expect `text` and optional blocks. */
function slackBody(p: Payload): Record<string, unknown> {
  const url = typeof p.data.url === 'string' ? ` <${p.data.url}|Open case>` : '';
  return {
    text: `${p.summary}${url}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${p.type}* — ${p.summary}${url}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Tenure · ${p.timestamp}` }] },
    ],
  };
}

/**
 * One attempt to deliver a webhook, signed per Standard Webhooks, logged in webhook_attempt.
 * A non-2xx answer or a network error throws, so the queue retries with backoff; after the last
 * attempt the delivery is marked failed instead. Delivered ones are never sent again.
 */
export async function deliverWebhook(
  ctx: Pick<Ctx, 'db'>,
  id: string,
): Promise<'delivered' | 'failed' | 'skipped'> {
  const d = await ctx.db
    .selectFrom('webhook_delivery')
    .innerJoin('webhook_endpoint', 'webhook_endpoint.id', 'webhook_delivery.endpoint_id')
    .select(['webhook_delivery.id', 'payload', 'status', 'attempts', 'url', 'secret', 'format', 'enabled'])
    .where('webhook_delivery.id', '=', id)
    .executeTakeFirst();
  if (d?.status !== 'pending' || !d.enabled) return 'skipped';
  const payload = d.payload as unknown as Payload;
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
    const res = await fetch(d.url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'manual',
    });
    statusCode = res.status;
    await res.body?.cancel();
    if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
  } catch (err) {
    error = (err as Error).message;
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

export const deliverWebhookJob = defineJob<{ id: string }>({
  name: 'loop.deliver-webhook',
  retryLimit: MAX_WEBHOOK_ATTEMPTS - 1,
  notify: true,
  pollingIntervalSeconds: 0.5,
  localConcurrency: 4,
  expireInSeconds: 30,
  handle: (ctx, data) => deliverWebhook(ctx, data.id),
});
