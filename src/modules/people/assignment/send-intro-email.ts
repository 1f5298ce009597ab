import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { defineJob } from '../../../kernel/context.ts';
import { classifyMailFailure, getMailer, mailJobSettings } from '../../../kernel/mail.ts';
import { getSigningKey } from '../../../kernel/signed-token.ts';
import { getCustomer, recordInteractions } from '../../customers/index.ts';
import {
  buildContactLinks,
  composeCampaignMail,
  releaseContact,
  reserveContact,
} from '../../outreach/index.ts';
import { getStaffMember } from '../../staff/index.ts';

/**
 * The purpose the introduction is asked and counted under: a check-in on the relationship, so
 * consent is asked as a service message; the contact budget counts it as a check-in.
 */
export const INTRO_PURPOSE = 'check-in';

export type IntroStatus = 'pending' | 'sent' | 'skipped' | 'failed';

/**
 * Sends one introduction from a customer's new rep, holding the row's lock: skipped when the
 * customer meanwhile has another owner (the introduction would be false), through the one check
 * and the budget (`reserveContact`; a refusal is kept with its rule), rendered with the campaign
 * template language (`owner` is the new rep), Reply-To the rep, over SMTP with a Message-ID
 * derived from the row so a retry after a crash is the same message. A transient SMTP error rolls
 * back and the job retries; a permanent one fails the row and gives the budget back.
 */
export async function sendIntroEmail(
  ctx: Ctx,
  ref: { introId: string },
): Promise<{ status: IntroStatus | 'missing'; reason?: string | null }> {
  const key = await getSigningKey(ctx);
  type Out = {
    status: IntroStatus | 'missing';
    reason?: string | null;
    sent?: { customerId: string; at: Date; rep: string };
  };
  const out = await ctx.db.transaction().execute(async (trx): Promise<Out> => {
    const row = (
      await sql<{
        customer_id: string;
        to_staff_id: string;
        subject: string;
        body: string;
        status: IntroStatus;
        reason: string | null;
      }>`select customer_id, to_staff_id, subject, body, status, reason from people_intro_email
         where id = ${ref.introId} for update`.execute(trx)
    ).rows[0];
    if (!row) return { status: 'missing' };
    if (row.status !== 'pending') return { status: row.status, reason: row.reason };
    const finish = async (status: 'skipped' | 'failed', reason: string): Promise<Out> => {
      await trx
        .updateTable('people_intro_email')
        .set({ status, reason })
        .where('id', '=', ref.introId)
        .execute();
      return { status, reason };
    };
    const customer = await getCustomer({ db: trx }, row.customer_id);
    if (customer.ownerId !== row.to_staff_id) return finish('skipped', 'the customer has another owner now');
    const to = customer.emails[0];
    if (!to) return finish('skipped', 'no email address');
    const rep = await getStaffMember({ db: trx }, row.to_staff_id);
    const reference = `rep-intro:${ref.introId}`;
    const decision = await reserveContact(
      { db: trx, clock: ctx.clock },
      { customerId: row.customer_id, purpose: INTRO_PURPOSE, channel: 'email', reference },
    );
    if (!decision.allowed) return finish('skipped', decision.reason);
    const now = ctx.clock.now();
    const links = await buildContactLinks(
      ctx,
      { customerId: row.customer_id, purpose: INTRO_PURPOSE },
      now,
      key,
    );
    const mail = await composeCampaignMail({ db: trx, clock: ctx.clock }, row, customer, links);
    try {
      await getMailer(ctx.config).send({
        to,
        ...mail,
        messageId: `<${ref.introId}@tenure.intro>`,
        headers: { ...links.headers, ...(rep?.email && { 'Reply-To': rep.email }) },
      });
    } catch (err) {
      const { permanent, reason } = classifyMailFailure(err);
      // Transient: roll back (the reservation too) and let the job retry.
      if (!permanent) throw new Error(reason);
      await releaseContact({ db: trx }, row.customer_id, reference);
      return finish('failed', reason);
    }
    await trx
      .updateTable('people_intro_email')
      .set({ status: 'sent', sent_at: now, reason: null })
      .where('id', '=', ref.introId)
      .execute();
    return {
      status: 'sent',
      sent: { customerId: row.customer_id, at: now, rep: rep?.name ?? 'the new rep' },
    };
  });
  if (out.sent)
    await recordInteractions(ctx, [
      {
        customer: { id: out.sent.customerId },
        source: 'people',
        sourceId: `rep-intro:${ref.introId}`,
        channel: 'email',
        kind: 'rep-introduced',
        direction: 'outbound',
        occurredAt: out.sent.at,
        subject: `Introduction email from ${out.sent.rep}, the new rep`,
        properties: { introId: ref.introId },
      },
    ]);
  return { status: out.status, reason: out.reason };
}

export const sendIntroEmailJob = defineJob<{ introId: string }>({
  name: 'people.send-intro-email',
  retryLimit: 6,
  ...mailJobSettings,
  handle: (ctx, data) => sendIntroEmail(ctx, data),
});
