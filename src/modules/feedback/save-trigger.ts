import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../kernel/context.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { loadSurveyVersion } from './load-survey-version.ts';
import { type TriggerInput, type TriggerView, toTriggerView } from './trigger-schemas.ts';

/** Creates a trigger ("send S by email D hours after an interaction of kind K"), or updates one. */
export async function saveTrigger(
  ctx: Pick<Ctx, 'db'>,
  t: { surveyId: string; id?: string } & Partial<TriggerInput>,
): Promise<TriggerView> {
  if (!t.id) {
    const { survey } = await loadSurveyVersion(ctx, t.surveyId);
    if (survey.status !== 'live') throw new AppError('conflict', 'This survey is archived');
    if (!t.interactionKind || t.delayHours === undefined)
      throw new AppError('validation_failed', 'interactionKind and delayHours are required');
    const row = await ctx.db
      .insertInto('survey_trigger')
      .values({
        id: uuidv7(),
        survey_id: t.surveyId,
        channel: t.channel ?? 'email',
        interaction_kind: t.interactionKind,
        delay_hours: t.delayHours,
        condition: JSON.stringify(t.condition ?? {}),
        active: t.active ?? true,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toTriggerView(row);
  }
  const row = await ctx.db
    .updateTable('survey_trigger')
    .set({
      interaction_kind: t.interactionKind,
      delay_hours: t.delayHours,
      condition: t.condition ? JSON.stringify(t.condition) : undefined,
      active: t.active,
      updated_at: new Date(),
    })
    .where('id', '=', t.id)
    .where('survey_id', '=', t.surveyId)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('Trigger', t.id);
  return toTriggerView(row);
}
