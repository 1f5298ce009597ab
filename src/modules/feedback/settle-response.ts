import type { Ctx } from '../../kernel/context.ts';
import { defineJob } from '../../kernel/context.ts';
import { recordInteractions } from '../customers/index.ts';
import { grantReward } from '../loyalty/index.ts';

const label: Record<string, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES' };

/**
 * Everything that follows a stored answer, each step idempotent: the answer on the customer's
 * timeline (source "feedback", source id = response id) and the incentive (loyalty key
 * `survey-response:<id>`). Runs right after the answer commits, and again from a job enqueued in
 * the answer's own transaction, so a crash in between loses nothing and a rerun doubles nothing.
 */
export async function settleResponse(
  ctx: Pick<Ctx, 'db' | 'queue' | 'clock'>,
  responseId: string,
): Promise<{ settled: boolean }> {
  const r = await ctx.db
    .selectFrom('survey_response as r')
    .innerJoin('survey as s', 's.id', 'r.survey_id')
    .selectAll('r')
    .select('s.name as survey_name')
    .where('r.id', '=', responseId)
    .executeTakeFirst();
  if (!r || r.settled_at) return { settled: false };
  if (r.customer_id) {
    const headline = r.score === null ? (label[r.type] ?? r.type) : `${label[r.type] ?? r.type} ${r.score}`;
    const result = await recordInteractions(ctx, [
      {
        customer: { id: r.customer_id },
        source: 'feedback',
        sourceId: r.id,
        channel: r.channel,
        kind: 'survey-response',
        direction: 'inbound',
        occurredAt: r.responded_at,
        staffId: r.staff_id,
        sentiment: r.sentiment,
        subject: `${r.survey_name}: ${headline}`,
        body: r.comment,
        // The closed loop raises red flags from exactly these fields: keep them stable (docs/feedback.md).
        properties: {
          surveyId: r.survey_id,
          surveyVersion: r.survey_version,
          responseId: r.id,
          type: r.type,
          score: r.score,
          comment: r.comment,
          themes: r.auto_themes,
          via: r.via,
          ...(r.case_id ? { caseId: r.case_id } : {}),
        },
      },
    ]);
    const outcome = result.outcomes[0];
    if (outcome?.status === 'rejected')
      throw new Error(`timeline refused response ${r.id}: ${outcome.reason}`);
    if (r.incentive) {
      await grantReward(ctx, {
        customerId: r.customer_id,
        key: `survey-response:${r.id}`,
        points: r.incentive.points,
        code: r.incentive.code,
        reason: r.incentive.description ?? `Thank you for answering "${r.survey_name}"`,
        source: 'feedback',
        properties: { surveyId: r.survey_id, responseId: r.id },
      });
    }
  }
  await ctx.db
    .updateTable('survey_response')
    .set({ settled_at: ctx.clock.now() })
    .where('id', '=', r.id)
    .where('settled_at', 'is', null)
    .execute();
  return { settled: true };
}

export const settleResponseJob = defineJob<{ responseId: string }>({
  name: 'feedback.settle-response',
  batchSize: 100,
  handle: (ctx, data) => settleResponse(ctx, data.responseId),
});
