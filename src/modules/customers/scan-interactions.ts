import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import type { RecordedInteraction } from './interaction-listeners.ts';

export type InteractionScan = {
  from: Date;
  to: Date;
  kinds?: string[];
  channels?: string[];
  limit: number;
  /** The `next` of the previous page: the scan goes on from just before it. */
  before?: InteractionCursor;
};
/** Where a page ended; the time is PostgreSQL's own text (microseconds: a Date would drop them). */
export type InteractionCursor = { occurredAt: string; id: number };

/**
 * A page of the touchpoints of every customer in a time window, newest first, for tools that
 * replay history (the loop's rule dry runs): `next` continues it, null at the end of the window.
 * Each page is one range of the (occurred_at, id) index.
 */
export async function scanInteractions(
  ctx: Pick<Ctx, 'db'>,
  q: InteractionScan,
): Promise<{ data: RecordedInteraction[]; next: InteractionCursor | null }> {
  let query = ctx.db
    .selectFrom('interaction')
    .select((eb) => [
      sql<string>`${eb.ref('occurred_at')}::text`.as('cursor_at'),
      'id',
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
    .orderBy('id', 'desc')
    .limit(q.limit);
  const before = q.before;
  if (before)
    query = query.where((eb) =>
      eb(
        eb.refTuple('occurred_at', 'id'),
        '<',
        eb.tuple(sql<Date>`${before.occurredAt}::timestamptz`, before.id),
      ),
    );
  if (q.kinds?.length) query = query.where('kind', 'in', q.kinds);
  if (q.channels?.length) query = query.where('channel', 'in', q.channels as never[]);
  const rows = await query.execute();
  const last = rows.at(-1);
  const next = last && rows.length === q.limit ? { occurredAt: last.cursor_at, id: Number(last.id) } : null;
  const data = rows.map((r) => ({
    id: Number(r.id),
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
  return { data, next };
}
