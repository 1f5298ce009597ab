import { randomUUID } from 'node:crypto';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import {
  type AnswerInput,
  analyzeComment,
  loadThemeLexicon,
  type SurveyContent,
  validateAnswers,
} from '../../feedback/index.ts';
import { ENPS_ID } from './schemas.ts';

/**
 * Records one person's answer to a round, anonymously: the invitation (locked, so a double post
 * cannot answer twice) is marked answered, and the answer row gets only the round and the team,
 * no staff id, no invitation id, no time, and a random (not time-ordered) id.
 */
export async function answerPulse(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  invitationId: string,
  input: AnswerInput[],
): Promise<void> {
  const lexicon = await loadThemeLexicon(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    const inv = await trx
      .selectFrom('people_pulse_invitation as i')
      .innerJoin('people_pulse_round as r', 'r.id', 'i.round_id')
      .select([
        'i.id',
        'i.status',
        'i.round_id',
        'i.team_id',
        'r.content',
        'r.closes_at',
        'r.closed_early_at',
      ])
      .where('i.id', '=', invitationId)
      .forUpdate('i')
      .executeTakeFirst();
    if (!inv) throw new AppError('not_found', 'This pulse link does not exist');
    if (inv.status === 'answered')
      throw new AppError('conflict', 'This pulse link has been answered; each link works once');
    if (inv.closed_early_at || inv.closes_at <= ctx.clock.now())
      throw new AppError('conflict', 'This round is closed');
    const content = inv.content as SurveyContent;
    const check = validateAnswers(content.questions, input);
    if (!check.ok)
      throw new AppError('validation_failed', 'Please check your answers', { fields: check.errors });
    const enps = check.answers.find((a) => a.questionId === ENPS_ID)?.score;
    if (enps === undefined)
      throw new AppError('validation_failed', 'Please check your answers', {
        fields: { [ENPS_ID]: 'Please choose a score' },
      });
    const comments = check.answers.flatMap((a) => (a.text ? [a.text] : [])).join('\n');
    await trx
      .insertInto('people_pulse_answer')
      .values({
        id: randomUUID(),
        round_id: inv.round_id,
        team_id: inv.team_id,
        enps,
        answers: JSON.stringify(check.answers),
        themes: analyzeComment(comments, lexicon).themes,
      })
      .execute();
    await trx
      .updateTable('people_pulse_invitation')
      .set({ status: 'answered' })
      .where('id', '=', inv.id)
      .execute();
  });
}
