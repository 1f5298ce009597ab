import { sql } from 'kysely';
import { DAY_MS } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/context.ts';
import { defineJob } from '../../kernel/context.ts';
import { mailJobSettings } from '../../kernel/mail.ts';
import { getSigningKey } from '../../kernel/signed-token.ts';
import { getCustomer, recordInteractions } from '../customers/index.ts';
import { releaseContact, reserveContact } from '../outreach/index.ts';
import { loadSurveyVersion } from './load-survey-version.ts';
import { mailSurvey } from './mail-survey.ts';
import { sendReminderJob } from './send-reminder.ts';
import type { SendStatus } from './tables.ts';

export type Delivery = { status: SendStatus | 'missing'; reason?: string | null };

/**
 * Delivers one pending email send in one transaction that holds the send's row lock while the
 * mail goes out: checks the survey and the address, reserves the contact with the budget, hands
 * the mail to SMTP, marks the send and schedules its reminder. A second delivery of the same send
 * (a duplicate job) waits on the lock and then finds it sent; a crash rolls everything back, so a
 * retry starts clean. The only window left is a crash between SMTP's "250 OK" and the commit:
 * then the retry mails again, with the same Message-ID.
 */
export async function deliverSend(ctx: Ctx, ref: { customerId: string; sendId: string }): Promise<Delivery> {
  const now = ctx.clock.now();
  // Fetched before the transaction: inside it, every query must use the transaction's connection.
  const signingKey = await getSigningKey(ctx);
  type Outcome = Delivery & {
    sent?: {
      at: Date;
      triggerId: string | null;
      caseId: string | null;
      surveyId: string;
      version: number;
      title: string;
    };
  };
  const result = await ctx.db.transaction().execute(async (trx): Promise<Outcome> => {
    const send = (
      await sql<{
        status: SendStatus;
        status_reason: string | null;
        survey_id: string;
        survey_version: number;
        expires_at: Date;
        trigger_id: string | null;
        case_id: string | null;
      }>`
        select status, status_reason, survey_id, survey_version, expires_at, trigger_id, case_id from survey_send
        where customer_id = ${ref.customerId} and id = ${ref.sendId} for update`.execute(trx)
    ).rows[0];
    if (!send) return { status: 'missing' };
    if (send.status !== 'pending' && send.status !== 'sending')
      return { status: send.status, reason: send.status_reason };
    const finish = async (status: 'skipped' | 'failed', reason: string) => {
      await trx
        .updateTable('survey_send')
        .set({ status, status_reason: reason })
        .where('customer_id', '=', ref.customerId)
        .where('id', '=', ref.sendId)
        .execute();
      return { status, reason };
    };
    const survey = await loadSurveyVersion({ db: trx }, send.survey_id, send.survey_version);
    if (survey.survey.status !== 'live') return finish('skipped', 'the survey was archived');
    if (send.expires_at <= now) return finish('skipped', 'the link expired before it could be sent');
    const customer = await getCustomer({ db: trx }, ref.customerId);
    const to = customer.emails[0];
    if (!to) return finish('skipped', 'no email address');

    const reference = `survey-send:${ref.sendId}`;
    const decision = await reserveContact(
      { db: trx, clock: ctx.clock },
      { customerId: ref.customerId, purpose: 'survey', channel: 'email', reference },
    );
    if (!decision.allowed) return finish('skipped', decision.reason);

    const mailed = await mailSurvey(ctx, {
      to,
      customer,
      ...ref,
      expiresAt: send.expires_at,
      survey,
      reminder: false,
      signingKey,
    });
    if (!mailed.ok) {
      // Transient: roll back (the reservation too) and let the job retry. Permanent: keep the
      // failure, give the contact back to the budget.
      if (!mailed.permanent) throw new Error(mailed.reason);
      await releaseContact({ db: trx }, ref.customerId, reference);
      return finish('failed', mailed.reason);
    }
    const sentAt = ctx.clock.now();
    await trx
      .updateTable('survey_send')
      .set({ status: 'sent', sent_at: sentAt, status_reason: null })
      .where('customer_id', '=', ref.customerId)
      .where('id', '=', ref.sendId)
      .execute();
    const days = survey.survey.reminder_after_days;
    if (days)
      await ctx.queue.send(sendReminderJob, ref, {
        trx,
        startAfter: new Date(sentAt.getTime() + days * DAY_MS),
      });
    const title = survey.content.emailSubject ?? survey.content.title;
    const sent = {
      at: sentAt,
      triggerId: send.trigger_id,
      caseId: send.case_id,
      surveyId: send.survey_id,
      version: send.survey_version,
      title,
    };
    return { status: 'sent', sent };
  });
  const { sent } = result;
  if (!sent) return result;
  await recordInteractions(ctx, [
    {
      customer: { id: ref.customerId },
      source: 'feedback',
      sourceId: `send:${ref.sendId}`,
      channel: 'email',
      kind: 'survey-sent',
      direction: 'outbound',
      occurredAt: sent.at,
      subject: `Survey sent: ${sent.title}`,
      properties: {
        surveyId: sent.surveyId,
        surveyVersion: sent.version,
        sendId: ref.sendId,
        ...(sent.triggerId ? { triggerId: sent.triggerId } : {}),
        ...(sent.caseId ? { caseId: sent.caseId } : {}),
      },
    },
  ]);
  return { status: 'sent' };
}

export const deliverSendJob = defineJob<{ customerId: string; sendId: string }>({
  name: 'feedback.deliver-send',
  retryLimit: 6,
  ...mailJobSettings,
  handle: (ctx, data) => deliverSend(ctx, data),
});
