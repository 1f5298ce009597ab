import { type RawBuilder, sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { customerSource } from '../../customers/index.ts';
import { type CompiledSegment, compileSegment } from './compile-segment.ts';
import type { Definition } from './definition.ts';
import { getSegment } from './get-segment.ts';

/** A saved segment by id, or a definition not saved (yet): what every segment reader accepts. */
export type SegmentRef = { segmentId: string } | { definition: Definition };

export type SegmentQuery = CompiledSegment & {
  /** `customer c` with its scores left-joined as `s`. */
  from: RawBuilder<unknown>;
  /** The segment's condition and "not erased": select `${id}` from `from` where `where`. */
  where: RawBuilder<unknown>;
  /** The customer's id and a summary (id, name, email, status) to select, from the customers module. */
  id: RawBuilder<unknown>;
  summary: RawBuilder<unknown>;
};

/**
 * A segment as SQL to compose into a caller's own statement (campaigns, call lists, rules):
 * `select ${id} from ${from} where ${where}`. Evaluated when the statement runs, so the
 * members are always today's.
 */
export async function segmentQuery(ctx: Pick<Ctx, 'db' | 'clock'>, ref: SegmentRef): Promise<SegmentQuery> {
  const definition = 'segmentId' in ref ? (await getSegment(ctx, ref.segmentId)).definition : ref.definition;
  const compiled = await compileSegment(ctx, definition);
  const src = customerSource(ctx.db);
  return {
    ...compiled,
    from: src.from,
    where: sql`${src.live} and ${compiled.where}`,
    id: src.id,
    summary: src.summary,
  };
}
