import type { Ctx } from '../../kernel/context.ts';
import { lockCase } from './case-view.ts';
import { recordCaseEvent } from './record-case-event.ts';
import type { FollowUp } from './tables.ts';

/**
 * Links a follow-up survey result to a case by hand ("did we fix it?"), for answers collected
 * outside Tenure or matched by a person. Answers arriving on the timeline are linked on their own.
 */
export async function linkFollowUp(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  id: string,
  input: { surveyId?: string; responseId?: string; type: string; score: number; at?: Date },
  actorId: string | null,
): Promise<FollowUp> {
  const now = ctx.clock.now();
  const followUp: FollowUp = {
    surveyId: input.surveyId ?? null,
    responseId: input.responseId ?? null,
    type: input.type,
    score: input.score,
    at: (input.at ?? now).toISOString(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    const k = await lockCase(trx, id);
    await trx
      .updateTable('loop_case')
      .set({ follow_up: JSON.stringify(followUp), updated_at: now })
      .where('customer_id', '=', k.customer_id)
      .where('id', '=', k.id)
      .execute();
    await trx
      .updateTable('task')
      .set({ status: 'done', completed_at: now, completed_by: actorId })
      .where('customer_id', '=', k.customer_id)
      .where('case_id', '=', k.id)
      .where('type', '=', 'survey')
      .where('status', '=', 'open')
      .execute();
    await recordCaseEvent(trx, {
      customerId: k.customer_id,
      caseId: k.id,
      at: now,
      kind: 'follow-up-linked',
      actorId,
      details: { ...followUp, manual: true },
    });
  });
  return followUp;
}
