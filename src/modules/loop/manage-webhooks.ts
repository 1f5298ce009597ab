import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../kernel/context.ts';
import { notFound } from '../../kernel/errors.ts';
import { newWebhookSecret } from './sign-webhook.ts';
import { assertWebhookDestination } from './webhook-destination.ts';

type Db = Pick<Ctx, 'db'>;
export type WebhookFields = {
  url: string;
  description: string;
  format: 'standard' | 'slack';
  eventTypes: string[];
  enabled: boolean;
};
export type WebhookView = WebhookFields & { id: string; createdAt: Date };

const view = (r: {
  id: string;
  url: string;
  description: string;
  format: 'standard' | 'slack';
  event_types: string[];
  enabled: boolean;
  created_at: Date;
}): WebhookView => ({
  id: r.id,
  url: r.url,
  description: r.description,
  format: r.format,
  eventTypes: r.event_types,
  enabled: r.enabled,
  createdAt: r.created_at,
});

/** Registers an endpoint; its signing secret is returned here only. */
export async function createWebhook(
  ctx: Pick<Ctx, 'db' | 'config'>,
  f: WebhookFields,
): Promise<{ webhook: WebhookView; secret: string }> {
  await assertWebhookDestination(ctx.config.webhookAllowPrivate, f.url);
  const secret = newWebhookSecret();
  const row = await ctx.db
    .insertInto('webhook_endpoint')
    .values({
      id: uuidv7(),
      url: f.url,
      description: f.description,
      format: f.format,
      event_types: f.eventTypes,
      enabled: f.enabled,
      secret,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { webhook: view(row), secret };
}

export async function updateWebhook(
  ctx: Pick<Ctx, 'db' | 'config'>,
  id: string,
  f: Partial<WebhookFields>,
): Promise<WebhookView> {
  if (f.url !== undefined) await assertWebhookDestination(ctx.config.webhookAllowPrivate, f.url);
  const values = {
    ...(f.url !== undefined && { url: f.url }),
    ...(f.description !== undefined && { description: f.description }),
    ...(f.format !== undefined && { format: f.format }),
    ...(f.eventTypes !== undefined && { event_types: f.eventTypes }),
    ...(f.enabled !== undefined && { enabled: f.enabled }),
  };
  const row = Object.keys(values).length
    ? await ctx.db
        .updateTable('webhook_endpoint')
        .set(values)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst()
    : await ctx.db.selectFrom('webhook_endpoint').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Webhook', id);
  return view(row);
}

export async function listWebhooks(ctx: Db): Promise<WebhookView[]> {
  return (await ctx.db.selectFrom('webhook_endpoint').selectAll().orderBy('created_at').execute()).map(view);
}

/** The delivery log of an endpoint, newest first, with every attempt. */
export async function listDeliveries(ctx: Db, endpointId: string, limit: number) {
  const deliveries = await ctx.db
    .selectFrom('webhook_delivery')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  const ids = deliveries.map((d) => d.id);
  const attempts = ids.length
    ? await ctx.db
        .selectFrom('webhook_attempt')
        .selectAll()
        .where('delivery_id', 'in', ids)
        .orderBy('attempt')
        .execute()
    : [];
  return deliveries.map((d) => ({
    id: d.id,
    eventType: d.event_type,
    status: d.status,
    attempts: attempts
      .filter((a) => a.delivery_id === d.id)
      .map((a) => ({
        attempt: a.attempt,
        at: a.at,
        statusCode: a.status_code,
        error: a.error,
        durationMs: a.duration_ms,
      })),
    createdAt: d.created_at,
    deliveredAt: d.delivered_at,
    payload: d.payload,
  }));
}
