import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';
import { notFound } from '../../kernel/errors.ts';
import { type SurveyContent, surveyContent } from './schemas.ts';
import type { FeedbackTables } from './tables.ts';

export type SurveyRow = Selectable<FeedbackTables['survey']>;
export type LoadedSurvey = { survey: SurveyRow; version: number; content: SurveyContent };

/**
 * A survey with the content of one version (the current one by default). Content is parsed with
 * the same schema that admitted it, so code downstream works with typed questions.
 */
export async function loadSurveyVersion(
  ctx: { db: Kysely<Database> },
  surveyId: string,
  version?: number,
): Promise<LoadedSurvey> {
  const survey = await ctx.db.selectFrom('survey').selectAll().where('id', '=', surveyId).executeTakeFirst();
  if (!survey) throw notFound('Survey', surveyId);
  const v = version ?? survey.current_version;
  const row = await ctx.db
    .selectFrom('survey_version')
    .select('content')
    .where('survey_id', '=', surveyId)
    .where('version', '=', v)
    .executeTakeFirst();
  if (!row) throw notFound('Survey version', `${surveyId}@${v}`);
  return { survey, version: v, content: surveyContent.parse(row.content) };
}
