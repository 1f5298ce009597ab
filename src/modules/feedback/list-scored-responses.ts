import type { Ctx } from '../../kernel/context.ts';

export type ScoredResponse = {
  id: string;
  customerId: string;
  type: 'nps' | 'csat';
  score: number;
  respondedAt: Date;
  caseId: string | null;
  sendId: string | null;
};

/**
 * NPS and CSAT answers of known customers given in [from, to), for scorecards that credit them to
 * whoever served the customer then. Anonymous answers have no customer and are never included.
 */
export async function listScoredResponses(
  ctx: Pick<Ctx, 'db'>,
  q: { from: Date; to: Date; limit: number },
): Promise<ScoredResponse[]> {
  const rows = await ctx.db
    .selectFrom('survey_response')
    .select(['id', 'customer_id', 'type', 'score', 'responded_at', 'case_id', 'send_id'])
    .where('customer_id', 'is not', null)
    .where('score', 'is not', null)
    .where('type', 'in', ['nps', 'csat'])
    .where('responded_at', '>=', q.from)
    .where('responded_at', '<', q.to)
    .orderBy('responded_at')
    .limit(q.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id as string,
    type: r.type as 'nps' | 'csat',
    score: Number(r.score),
    respondedAt: r.responded_at,
    caseId: r.case_id,
    sendId: r.send_id,
  }));
}
