import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { defineJob } from '../../../kernel/context.ts';
import { classifyMailFailure, getMailer, mailJobSettings } from '../../../kernel/mail.ts';
import { getSigningKey } from '../../../kernel/signed-token.ts';
import { getCustomer, recordInteractions } from '../../customers/index.ts';
import { composeCampaignMail } from '../campaigns/compose-mail.ts';
import { nextInWindow, zoneOr } from '../campaigns/send-window.ts';
import { assignOffer } from '../offers/assign-offer.ts';
import { getOffer } from '../offers/list-offers.ts';
import { buildContactLinks } from '../preference-centre/contact-links.ts';
import { releaseContact } from '../release-contact.ts';
import { reserveContact } from '../reserve-contact.ts';
import { getWinbackSettings } from './get-winback-settings.ts';
import type { WinbackStatus } from './tables.ts';

/**
 * Sends one win-back email, in one transaction holding the contact's row lock: in the customer's
 * local window (else put back to its start), through the one check and the shared budget
 * (`reserveContact`, purpose win-back), with the offer's code, over SMTP with a Message-ID
 * derived from the contact so a retry after a crash is the same message. A refusal is kept with
 * its rule; a transient SMTP error rolls back and the job retries; a 5xx fails the contact and
 * gives the budget back.
 */
export async function deliverWinbackEmail(
  ctx: Ctx,
  ref: { contactId: string },
): Promise<{ status: WinbackStatus | 'missing' | 'not-yet'; reason?: string | null }> {
  const s = await getWinbackSettings(ctx);
  const head = await ctx.db
    .selectFrom('winback_contact')
    .select(['customer_id', 'status'])
    .where('id', '=', ref.contactId)
    .executeTakeFirst();
  if (!head) return { status: 'missing' };
  // The code is given before the mail's transaction: giving is idempotent per customer and offer.
  let offer: { code: string; name: string } | null = null;
  if (head.status === 'pending' && s.offerId) {
    const [given] = await assignOffer(ctx, s.offerId, [head.customer_id]);
    if (given?.code) offer = { code: given.code, name: (await getOffer(ctx, s.offerId)).name };
  }
  const signingKey = await getSigningKey(ctx);
  type Out = {
    status: WinbackStatus | 'missing' | 'not-yet';
    reason?: string | null;
    sent?: { customerId: string; at: Date };
  };
  const out = await ctx.db.transaction().execute(async (trx): Promise<Out> => {
    const row = (
      await sql<{ customer_id: string; status: WinbackStatus; reason: string | null }>`
        select customer_id, status, reason from winback_contact where id = ${ref.contactId} for update`.execute(
        trx,
      )
    ).rows[0];
    if (!row || row.status !== 'pending') return { status: row?.status ?? 'missing', reason: row?.reason };
    const finish = async (status: 'skipped' | 'failed', reason: string): Promise<Out> => {
      await trx
        .updateTable('winback_contact')
        .set({ status, reason })
        .where('id', '=', ref.contactId)
        .execute();
      return { status, reason };
    };
    const customer = await getCustomer({ db: trx }, row.customer_id);
    const now = ctx.clock.now();
    const zone = zoneOr(customer.timeZone ?? s.defaultTimeZone);
    const due = nextInWindow(now, zone, s.sendWindow.start, s.sendWindow.end);
    if (due.getTime() > now.getTime()) {
      await trx
        .updateTable('winback_contact')
        .set({ planned_for: due })
        .where('id', '=', ref.contactId)
        .execute();
      await ctx.queue.send(deliverWinbackEmailJob, ref, { trx, startAfter: due });
      return { status: 'not-yet' as const };
    }
    const to = customer.emails[0];
    if (!to) return finish('skipped', 'no email address');
    const reference = `win-back:${ref.contactId}`;
    const decision = await reserveContact(
      { db: trx, clock: ctx.clock },
      { customerId: row.customer_id, purpose: 'win-back', channel: 'email', reference },
    );
    if (!decision.allowed) return finish('skipped', decision.reason);
    const links = await buildContactLinks(
      ctx,
      { customerId: row.customer_id, purpose: 'win-back' },
      now,
      signingKey,
    );
    const mail = await composeCampaignMail({ db: trx, clock: ctx.clock }, s, customer, links, undefined, {
      offer,
    });
    try {
      await getMailer(ctx.config).send({
        to,
        ...mail,
        messageId: `<${ref.contactId}@tenure.winback>`,
        headers: links.headers,
      });
    } catch (err) {
      const { permanent, reason } = classifyMailFailure(err);
      // Transient: roll back (the reservation too) and let the job retry.
      if (!permanent) throw new Error(reason);
      await releaseContact({ db: trx }, row.customer_id, reference);
      return finish('failed', reason);
    }
    await trx
      .updateTable('winback_contact')
      .set({ status: 'sent', contacted_at: now, offer_code: offer?.code ?? null })
      .where('id', '=', ref.contactId)
      .execute();
    return { status: 'sent', sent: { customerId: row.customer_id, at: now } };
  });
  if (out.sent)
    await recordInteractions(ctx, [
      {
        customer: { id: out.sent.customerId },
        source: 'outreach',
        sourceId: `win-back:${ref.contactId}`,
        channel: 'email',
        kind: 'win-back-sent',
        direction: 'outbound',
        occurredAt: out.sent.at,
        subject: `Win-back email sent${offer ? ` (code ${offer.code})` : ''}`,
        properties: { contactId: ref.contactId, ...(offer && { code: offer.code }) },
      },
    ]);
  return { status: out.status, reason: out.reason };
}

export const deliverWinbackEmailJob = defineJob<{ contactId: string }>({
  name: 'outreach.deliver-winback-email',
  retryLimit: 6,
  ...mailJobSettings,
  handle: (ctx, data) => deliverWinbackEmail(ctx, data),
});
