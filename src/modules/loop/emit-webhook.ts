import { sql, type Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../kernel/context.ts';
import type { Database } from '../../kernel/db/database.ts';
import { deliverWebhookJob } from './deliver-webhook.ts';

export const webhookEventTypes = [
  'case.opened',
  'case.flag_added',
  'case.assigned',
  'case.sla_warning',
  'case.sla_breached',
  'case.escalated',
  'case.resolved',
  'case.reopened',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/**
 * Queues one delivery of an event to every enabled endpoint that subscribes to it, in the
 * caller's transaction. `dedupeKey` names the event (case, cycle, what happened), so a retried
 * transaction or job never delivers it twice.
 */
export async function emitWebhook(
  ctx: Pick<Ctx, 'queue'>,
  trx: Transaction<Database>,
  e: { type: WebhookEventType; at: Date; summary: string; data: Record<string, unknown>; dedupeKey: string },
): Promise<number> {
  const endpoints = await trx
    .selectFrom('webhook_endpoint')
    .select('id')
    .where('enabled', '=', true)
    .where(sql<boolean>`(cardinality(event_types) = 0 or ${e.type} = any(event_types))`)
    .execute();
  let queued = 0;
  for (const ep of endpoints) {
    const row = await trx
      .insertInto('webhook_delivery')
      .values({
        id: `msg_${uuidv7()}`,
        endpoint_id: ep.id,
        event_type: e.type,
        payload: JSON.stringify({
          type: e.type,
          timestamp: e.at.toISOString(),
          summary: e.summary,
          data: e.data,
        }),
        dedupe_key: e.dedupeKey,
      })
      .onConflict((oc) => oc.columns(['endpoint_id', 'dedupe_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) continue;
    queued++;
    // Grouped by endpoint: the queue caps how many deliveries to one endpoint run at once.
    await ctx.queue.send(deliverWebhookJob, { id: row.id }, { trx, group: { id: ep.id } });
  }
  return queued;
}
