import type { Ctx } from '../../kernel/context.ts';
import { lockCase } from './case-view.ts';
import { recordCaseEvent } from './record-case-event.ts';

/** Adds a comment to a case's history. */
export async function commentCase(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  id: string,
  body: string,
  actorId: string | null,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const k = await lockCase(trx, id);
    await recordCaseEvent(trx, {
      customerId: k.customer_id,
      caseId: k.id,
      at: ctx.clock.now(),
      kind: 'comment',
      actorId,
      details: { body },
    });
  });
}
