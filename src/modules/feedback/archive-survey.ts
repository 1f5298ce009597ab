import type { Ctx } from '../../kernel/context.ts';
import { notFound } from '../../kernel/errors.ts';
import { getSurvey } from './get-survey.ts';
import type { SurveyView } from './schemas.ts';

/**
 * Archives a survey: no new sends, its triggers stop, its open links show "closed". Responses
 * and versions stay, so results remain readable.
 */
export async function archiveSurvey(ctx: Pick<Ctx, 'db'>, id: string): Promise<SurveyView> {
  const r = await ctx.db
    .updateTable('survey')
    .set({ status: 'archived', updated_at: new Date() })
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw notFound('Survey', id);
  await ctx.db
    .updateTable('survey_trigger')
    .set({ active: false, updated_at: new Date() })
    .where('survey_id', '=', id)
    .execute();
  return getSurvey(ctx, id);
}
