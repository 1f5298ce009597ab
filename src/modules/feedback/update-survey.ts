import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { contentOf } from './create-survey.ts';
import { getSurvey } from './get-survey.ts';
import { loadSurveyVersion } from './load-survey-version.ts';
import { type SurveyPatch, type SurveyView, surveyContent } from './schemas.ts';

/**
 * Updates settings in place, but never rewrites what respondents saw: a change to the title,
 * texts or questions becomes a new version, and answers keep pointing at the version they
 * answered. Links already sent show the version they were sent with.
 */
export async function updateSurvey(
  ctx: Pick<Ctx, 'db'>,
  id: string,
  patch: SurveyPatch,
): Promise<{ survey: SurveyView; newVersion: boolean }> {
  let newVersion = false;
  await ctx.db.transaction().execute(async (trx) => {
    // Serialises concurrent edits of one survey so two of them cannot both claim version n+1.
    await sql`select 1 from survey where id = ${id} for update`.execute(trx);
    const current = await loadSurveyVersion({ db: trx }, id);
    if (current.survey.status === 'archived')
      throw new AppError('conflict', 'This survey is archived; create a new one');
    const changes = Object.fromEntries(Object.entries(contentOf(patch)).filter(([, v]) => v !== undefined));
    const next = surveyContent.parse({ ...current.content, ...changes });
    if (!isDeepStrictEqual(next, current.content)) {
      newVersion = true;
      await trx
        .insertInto('survey_version')
        .values({ survey_id: id, version: current.version + 1, content: JSON.stringify(next) })
        .execute();
    }
    await trx
      .updateTable('survey')
      .set({
        name: patch.name,
        incentive:
          patch.incentive === undefined
            ? undefined
            : patch.incentive
              ? JSON.stringify(patch.incentive)
              : null,
        reminder_after_days: patch.reminderAfterDays,
        link_valid_days: patch.linkValidDays,
        anonymous_form: patch.anonymousForm,
        anonymous_in_scores: patch.anonymousInScores,
        anonymous_per_address_hour: patch.anonymousPerAddressHour,
        anonymous_per_day: patch.anonymousPerDay,
        current_version: newVersion ? current.version + 1 : undefined,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
  });
  return { survey: await getSurvey(ctx, id), newVersion };
}
