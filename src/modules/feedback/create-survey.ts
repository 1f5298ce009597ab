import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../kernel/context.ts';
import { getSurvey } from './get-survey.ts';
import type { SurveyContent, SurveyInput, SurveyView } from './schemas.ts';

export const contentOf = (s: Partial<SurveyInput>): Partial<SurveyContent> => ({
  title: s.title,
  intro: s.intro,
  thanks: s.thanks,
  emailSubject: s.emailSubject,
  questions: s.questions,
});

/** Creates a live survey with its first version. */
export async function createSurvey(ctx: Pick<Ctx, 'db'>, input: SurveyInput): Promise<SurveyView> {
  const id = uuidv7();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('survey')
      .values({
        id,
        name: input.name,
        incentive: input.incentive ? JSON.stringify(input.incentive) : null,
        reminder_after_days: input.reminderAfterDays ?? null,
        link_valid_days: input.linkValidDays,
        anonymous_form: input.anonymousForm,
        anonymous_in_scores: input.anonymousInScores,
        anonymous_per_address_hour: input.anonymousPerAddressHour,
        anonymous_per_day: input.anonymousPerDay,
      })
      .execute();
    await trx
      .insertInto('survey_version')
      .values({ survey_id: id, version: 1, content: JSON.stringify(contentOf(input)) })
      .execute();
  });
  return getSurvey(ctx, id);
}
