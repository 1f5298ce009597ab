import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { getCustomer } from './get-customer.ts';
import type { InteractionView } from './schemas.ts';
import type { Channel } from './tables.ts';

export type TimelineQuery = { channels?: Channel[]; kinds?: string[]; cursor?: string; limit: number };

/** Cursor = position of the last row returned (occurred_at, id), so pages never skip or repeat. */
const encodeCursor = (at: Date, id: number) => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
function decodeCursor(c: string): { at: Date; id: number } {
  const [at, id] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  const n = Number(id);
  if (Number.isNaN(date.getTime()) || !Number.isSafeInteger(n))
    throw new AppError('bad_request', 'Invalid cursor');
  return { at: date, id: n };
}

export async function listTimeline(
  ctx: Pick<Ctx, 'db'>,
  customerId: string,
  q: TimelineQuery,
): Promise<{ data: InteractionView[]; nextCursor: string | null }> {
  let query = ctx.db
    .selectFrom('interaction')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1);
  if (q.channels?.length) query = query.where('channel', 'in', q.channels);
  if (q.kinds?.length) query = query.where('kind', 'in', q.kinds);
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    query = query.where((eb) =>
      eb.or([eb('occurred_at', '<', c.at), eb.and([eb('occurred_at', '=', c.at), eb('id', '<', c.id)])]),
    );
  }
  const rows = await query.execute();
  if (rows.length === 0) await getCustomer(ctx, customerId); // 404 for an unknown customer
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    data: page.map((r) => ({
      id: r.id,
      customerId: r.customer_id,
      occurredAt: r.occurred_at,
      recordedAt: r.recorded_at,
      channel: r.channel,
      kind: r.kind,
      direction: r.direction,
      staffId: r.staff_id,
      amount: r.amount_minor !== null && r.currency ? { minor: r.amount_minor, currency: r.currency } : null,
      sentiment: r.sentiment,
      subject: r.subject,
      body: r.body,
      properties: r.properties,
      source: r.source,
      sourceId: r.source_id,
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.occurred_at, last.id) : null,
  };
}
