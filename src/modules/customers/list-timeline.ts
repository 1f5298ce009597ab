import { CompiledQuery, type Selectable } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { nameStatementByText } from '../../kernel/db/named-statements.ts';
import { AppError } from '../../kernel/errors.ts';
import { getCustomer } from './get-customer.ts';
import type { InteractionView } from './schemas.ts';
import type { Channel, CustomerTables } from './tables.ts';

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

/**
 * The page's statement is named (src/kernel/db/named-statements.ts): the timeline is partitioned
 * by year and, without a time bound, planning it covers every partition, which cost more than
 * running it (0.3 ms against 0.07 ms on the bench database). Named, each connection plans each of
 * the few variants (filters and cursor given or not) once; the plan is an ordered Append that
 * stops in the newest partition holding the page.
 */
export async function listTimeline(
  ctx: Pick<Ctx, 'db'>,
  customerId: string,
  q: TimelineQuery,
): Promise<{ data: InteractionView[]; nextCursor: string | null }> {
  const values: unknown[] = [customerId];
  const arg = (v: unknown) => `$${values.push(v)}`;
  let text = `select * from interaction where customer_id = $1`;
  if (q.channels?.length) text += ` and channel = any(${arg(q.channels)}::text[])`;
  if (q.kinds?.length) text += ` and kind = any(${arg(q.kinds)}::text[])`;
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    const at = arg(c.at);
    text += ` and (occurred_at < ${at} or (occurred_at = ${at} and id < ${arg(c.id)}))`;
  }
  text += ` order by occurred_at desc, id desc limit ${arg(q.limit + 1)}`;
  nameStatementByText('timeline', text);
  const { rows } = await ctx.db.executeQuery<Selectable<CustomerTables['interaction']>>(
    CompiledQuery.raw(text, values),
  );
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
