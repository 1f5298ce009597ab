import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError, notFound } from '../../../kernel/errors.ts';
import { getSegment } from '../segments/get-segment.ts';
import { saveProgram } from '../uplift/save-program.ts';
import { getCallList } from './get-call-list.ts';
import type { CallListInput, CallListView } from './schemas.ts';

/**
 * Creates (no `id`) or replaces a call list, and registers it as an outreach program of kind
 * 'call-list' with the same id, so its holdout share is the program's and the uplift report
 * finds it. One transaction: a list never exists without its program.
 */
export async function saveCallList(
  ctx: Pick<Ctx, 'db'>,
  input: CallListInput & { id?: string },
  by: string | null,
): Promise<CallListView> {
  const id = input.id ?? uuidv7();
  await ctx.db.transaction().execute(async (trx) => {
    await getSegment({ db: trx }, input.segmentId).catch(() => {
      throw new AppError('validation_failed', `segmentId: segment ${input.segmentId} does not exist`);
    });
    if (input.fallbackRepId) {
      const rep = await trx
        .selectFrom('staff')
        .select('id')
        .where('id', '=', input.fallbackRepId)
        .executeTakeFirst();
      if (!rep)
        throw new AppError('validation_failed', `fallbackRepId: staff ${input.fallbackRepId} does not exist`);
    }
    const values = {
      name: input.name,
      segment_id: input.segmentId,
      cap_per_rep: input.capPerRep,
      fallback_rep_id: input.fallbackRepId ?? null,
      call_from: input.callFrom ?? '09:00',
      call_to: input.callTo ?? '17:00',
      active: input.active ?? true,
    };
    const taken = await trx
      .selectFrom('call_list')
      .select('id')
      .where('name', '=', input.name)
      .where('id', '<>', id)
      .executeTakeFirst();
    if (taken) throw new AppError('conflict', `a call list named "${input.name}" already exists`);
    if (input.id) {
      const res = await trx
        .updateTable('call_list')
        .set({ ...values, updated_at: new Date() })
        .where('id', '=', id)
        .executeTakeFirst();
      if (res.numUpdatedRows === 0n) throw notFound('call list', id);
      await saveProgram({ db: trx }, { id, name: input.name, holdoutShare: input.holdoutShare, by });
    } else {
      await trx
        .insertInto('call_list')
        .values({ id, ...values })
        .execute();
      await saveProgram(
        { db: trx },
        {
          id,
          kind: 'call-list',
          key: `list-${id.slice(-12)}`,
          name: input.name,
          holdoutShare: input.holdoutShare,
          by,
        },
      );
    }
  });
  return getCallList(ctx, id);
}
