import type { Ctx } from '../../../kernel/context.ts';
import type { Db } from '../../../kernel/db/pool.ts';
import { notFound } from '../../../kernel/errors.ts';
import type { AuditEntry } from '../../staff/index.ts';

/** Deletes a saved segment; the audit entry keeps its name. */
export async function deleteSegment(
  ctx: Pick<Ctx, 'db'>,
  id: string,
  audit: (db: Db, entry: AuditEntry) => Promise<void>,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('segment').where('id', '=', id).returning('name').executeTakeFirst();
    if (!gone) throw notFound('Segment', id);
    await audit(trx, { action: 'segment.delete', target: id, details: { name: gone.name } });
  });
}
