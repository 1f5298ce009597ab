import type { Ctx } from '../../../kernel/context.ts';
import { type Segment, segmentColumns } from './get-segment.ts';

/** Every saved segment by name (a few hundred at most in practice; the route bounds the page). */
export async function listSegments(ctx: Pick<Ctx, 'db'>, limit: number): Promise<Segment[]> {
  return ctx.db
    .selectFrom('segment')
    .select(segmentColumns)
    .orderBy('name')
    .orderBy('id')
    .limit(limit)
    .execute();
}
