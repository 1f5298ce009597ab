import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { defineJob } from '../../kernel/context.ts';
import { getSigningKey } from '../../kernel/signed-token.ts';
import { getCustomer } from '../customers/index.ts';
import { reserveContact } from '../outreach/index.ts';
import { loadSurveyVersion } from './load-survey-version.ts';
import { mailSurvey } from './mail-survey.ts';

/**
 * The one reminder of an unanswered email send, N days after it went out. It goes through the
 * contact budget too (opt-outs, max reminders); when it does not go, the reason is kept on the
 * send. Like delivery, it holds the send's row lock while mailing, so it cannot go out twice.
 */
export async function sendReminder(
  ctx: Ctx,
  ref: { customerId: string; sendId: string },
): Promise<{ sent: boolean; reason?: string }> {
  const signingKey = await getSigningKey(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const send = (
      await sql<{
        status: string;
        answered_at: Date | null;
        reminders_sent: number;
        expires_at: Date;
        survey_id: string;
        survey_version: number;
      }>`
        select status, answered_at, reminders_sent, expires_at, survey_id, survey_version from survey_send
        where customer_id = ${ref.customerId} and id = ${ref.sendId} for update`.execute(trx)
    ).rows[0];
    if (send?.status !== 'sent') return { sent: false, reason: 'not sent' };
    if (send.answered_at) return { sent: false, reason: 'already answered' };
    if (send.reminders_sent >= 1) return { sent: false, reason: 'already reminded' };
    const note = async (reason: string) => {
      await trx
        .updateTable('survey_send')
        .set({ reminder_note: reason })
        .where('customer_id', '=', ref.customerId)
        .where('id', '=', ref.sendId)
        .execute();
      return { sent: false, reason };
    };
    if (send.expires_at <= ctx.clock.now()) return note('no reminder: the link has expired');
    const survey = await loadSurveyVersion({ db: trx }, send.survey_id, send.survey_version);
    if (survey.survey.status !== 'live') return note('no reminder: the survey was archived');
    const customer = await getCustomer({ db: trx }, ref.customerId);
    const to = customer.emails[0];
    if (!to) return note('no reminder: no email address');
    const decision = await reserveContact(
      { db: trx, clock: ctx.clock },
      {
        customerId: ref.customerId,
        purpose: 'survey',
        channel: 'email',
        reference: `survey-send:${ref.sendId}:reminder:1`,
        reminderOf: `survey-send:${ref.sendId}`,
      },
    );
    if (!decision.allowed) return note(`no reminder: ${decision.reason}`);
    const mailed = await mailSurvey(ctx, {
      to,
      customer,
      ...ref,
      expiresAt: send.expires_at,
      survey,
      reminder: true,
      signingKey,
    });
    if (!mailed.ok) {
      if (!mailed.permanent) throw new Error(mailed.reason);
      return note(`reminder failed: ${mailed.reason}`);
    }
    await trx
      .updateTable('survey_send')
      .set({ reminders_sent: 1, reminder_note: null })
      .where('customer_id', '=', ref.customerId)
      .where('id', '=', ref.sendId)
      .execute();
    return { sent: true };
  });
}

export const sendReminderJob = defineJob<{ customerId: string; sendId: string }>({
  name: 'feedback.send-reminder',
  retryLimit: 6,
  batchSize: 50,
  handle: (ctx, data) => sendReminder(ctx, data),
});
