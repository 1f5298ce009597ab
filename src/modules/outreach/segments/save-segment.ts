import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import type { Db } from '../../../kernel/db/pool.ts';
import { AppError, notFound } from '../../../kernel/errors.ts';
import type { AuditEntry } from '../../staff/index.ts';
import { compileSegment } from './compile-segment.ts';
import type { Definition } from './definition.ts';
import { type Segment, segmentColumns } from './get-segment.ts';

export type SegmentInput = { name: string; description?: string; definition: Definition };

const nameTaken = (name: string) =>
  new AppError('conflict', `A segment named "${name}" already exists; choose another name.`, {
    field: 'name',
  });

/**
 * Creates a segment (no `id`) or replaces one, after compiling its definition so a segment that
 * cannot be evaluated is never stored. The audit entry commits with the change.
 */
export async function saveSegment(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  input: SegmentInput & { id?: string },
  staffId: string | null,
  audit: (db: Db, entry: AuditEntry) => Promise<void>,
): Promise<Segment> {
  await compileSegment(ctx, input.definition);
  const clash = await ctx.db
    .selectFrom('segment')
    .select('id')
    .where('name', '=', input.name)
    .$if(!!input.id, (q) => q.where('id', '<>', input.id as string))
    .executeTakeFirst();
  if (clash) throw nameTaken(input.name);
  return ctx.db.transaction().execute(async (trx) => {
    const values = {
      name: input.name,
      description: input.description ?? '',
      definition: JSON.stringify(input.definition),
      updated_by: staffId,
    };
    const saved = input.id
      ? await trx
          .updateTable('segment')
          .set({ ...values, updated_at: ctx.clock.now() })
          .where('id', '=', input.id)
          .returning(segmentColumns)
          .executeTakeFirst()
      : await trx
          .insertInto('segment')
          .values({
            ...values,
            id: uuidv7(),
            created_by: staffId,
            created_at: ctx.clock.now(),
            updated_at: ctx.clock.now(),
          })
          .returning(segmentColumns)
          .executeTakeFirstOrThrow();
    if (!saved) throw notFound('Segment', input.id as string);
    await audit(trx, {
      action: input.id ? 'segment.update' : 'segment.create',
      target: saved.id,
      details: { name: saved.name },
    });
    return saved;
  });
}
