import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { readSegment, type SegmentReadOptions } from './read-segment.ts';
import { type SegmentRef, segmentQuery } from './segment-query.ts';

/** How many customers are in a segment now: an exact count, in one statement. */
export async function countSegment(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  ref: SegmentRef,
  opts: SegmentReadOptions = {},
): Promise<number> {
  const q = await segmentQuery(ctx, ref);
  const r = await readSegment(ctx, opts, (db) =>
    sql<{ n: number }>`select count(*)::int as n from ${q.from} where ${q.where}`.execute(db),
  );
  return r.rows[0]?.n ?? 0;
}
