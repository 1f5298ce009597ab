import type { Ctx } from '../../kernel/context.ts';
import { toSurveyView } from './get-survey.ts';
import type { SurveyView } from './schemas.ts';
import { surveyContent } from './schemas.ts';

/** Surveys with their current version, newest first. */
export async function listSurveys(
  ctx: Pick<Ctx, 'db'>,
  opts: { status?: 'live' | 'archived' },
): Promise<SurveyView[]> {
  let q = ctx.db
    .selectFrom('survey as s')
    .innerJoin('survey_version as v', (j) =>
      j.onRef('v.survey_id', '=', 's.id').onRef('v.version', '=', 's.current_version'),
    )
    .selectAll('s')
    .select('v.content');
  if (opts.status) q = q.where('s.status', '=', opts.status);
  const rows = await q.orderBy('s.created_at', 'desc').limit(500).execute();
  return rows.map(({ content, ...survey }) =>
    toSurveyView({ survey, version: survey.current_version, content: surveyContent.parse(content) }),
  );
}
