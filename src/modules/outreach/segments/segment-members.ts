import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { readSegment, type SegmentReadOptions } from './read-segment.ts';
import { type SegmentRef, segmentQuery } from './segment-query.ts';

export type SegmentMember = {
  id: string;
  name: string | null;
  email: string | null;
  status: string;
  /** The value of each field the segment names, keyed by field ("clv (EUR)", "custom.plan"). */
  fields: Record<string, unknown>;
};

/**
 * One page of a segment's members in id order (stable while customers are added), with the
 * values of the fields the segment names. Page on with `after` = the returned `nextCursor`.
 */
export async function segmentMembers(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  ref: SegmentRef,
  opts: SegmentReadOptions & { after?: string; limit: number },
): Promise<{ data: SegmentMember[]; nextCursor: string | null; fields: string[] }> {
  if (opts.after !== undefined && !/^[0-9a-f-]{36}$/i.test(opts.after))
    throw new AppError('validation_failed', 'after must be the nextCursor of the previous page', {
      field: 'after',
    });
  const q = await segmentQuery(ctx, ref);
  const after = opts.after ? sql`and ${q.id} > ${opts.after}::uuid` : sql``;
  const cols = q.columns.map((c, i) => sql`${c.expr} as ${sql.ref(`f${i}`)}`);
  const rows = await readSegment(ctx, opts, (db) =>
    sql<{ id: string; name: string | null; email: string | null; status: string } & Record<string, unknown>>`
      select ${q.summary} ${cols.length ? sql`, ${sql.join(cols)}` : sql``}
      from ${q.from} where ${q.where} ${after}
      order by ${q.id} limit ${opts.limit + 1}`.execute(db),
  );
  const page = rows.rows.slice(0, opts.limit);
  return {
    data: page.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      status: r.status,
      fields: Object.fromEntries(q.columns.map((c, i) => [c.name, r[`f${i}`] ?? null])),
    })),
    nextCursor: rows.rows.length > opts.limit ? (page.at(-1)?.id ?? null) : null,
    fields: q.columns.map((c) => c.name),
  };
}
