import type { Ctx } from '../../kernel/context.ts';
import type { RecordedInteraction } from './interaction-listeners.ts';

export type InteractionScan = {
  from: Date;
  to: Date;
  kinds?: string[];
  channels?: string[];
  limit: number;
};

/**
 * Touchpoints of every customer in a time window, newest first, for tools that replay history
 * (the loop's rule dry runs). Bounded by `limit`; the (occurred_at) range keeps it an index scan
 * per customer partition later.
 */
export async function scanInteractions(
  ctx: Pick<Ctx, 'db'>,
  q: InteractionScan,
): Promise<RecordedInteraction[]> {
  let query = ctx.db
    .selectFrom('interaction')
    .select([
      'customer_id',
      'source',
      'source_id',
      'channel',
      'kind',
      'direction',
      'occurred_at',
      'amount_minor',
      'currency',
      'sentiment',
      'properties',
    ])
    .where('occurred_at', '>=', q.from)
    .where('occurred_at', '<', q.to)
    .orderBy('occurred_at', 'desc')
    .limit(q.limit);
  if (q.kinds?.length) query = query.where('kind', 'in', q.kinds);
  if (q.channels?.length) query = query.where('channel', 'in', q.channels as never[]);
  const rows = await query.execute();
  return rows.map((r) => ({
    customerId: r.customer_id,
    source: r.source,
    sourceId: r.source_id,
    channel: r.channel,
    kind: r.kind,
    direction: r.direction,
    occurredAt: r.occurred_at,
    amountMinor: r.amount_minor,
    currency: r.currency,
    sentiment: r.sentiment,
    properties: r.properties,
  }));
}
