import type { Ctx } from '../../kernel/context.ts';
import { type TriggerView, toTriggerView } from './trigger-schemas.ts';

export async function listTriggers(ctx: Pick<Ctx, 'db'>, surveyId: string): Promise<TriggerView[]> {
  const rows = await ctx.db
    .selectFrom('survey_trigger')
    .selectAll()
    .where('survey_id', '=', surveyId)
    .orderBy('created_at')
    .execute();
  return rows.map(toTriggerView);
}
