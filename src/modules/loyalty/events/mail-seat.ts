import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { defineJob } from '../../../kernel/context.ts';
import { getMailer } from '../../../kernel/mail.ts';
import { getSigningKey } from '../../../kernel/signed-token.ts';
import { getCustomer } from '../../customers/index.ts';
import { buildContactLinks, checkContact, textToHtml } from '../../outreach/index.ts';
import { describeWhen } from './compose-invitation.ts';
import { eventOf } from './event-of.ts';
import { rsvpPath } from './rsvp-links.ts';

export type SeatMail = { status: 'sent' | 'not-needed' | 'refused' | 'no-address'; reason?: string };

/**
 * Tells a guest moved from the waitlist that a seat is theirs. It answers their own "yes", so it
 * is a service message: the one check asks email consent for service (a refusal is recorded),
 * and it spends no contact budget. Holds the guest's row lock; sent once per promotion (the
 * row's `seat_mail_sent_at`, and a Message-ID derived from the promotion for a retry after a
 * crash between SMTP and commit).
 */
export async function mailSeat(ctx: Ctx, ref: { eventId: string; customerId: string }): Promise<SeatMail> {
  const key = await getSigningKey(ctx);
  return ctx.db.transaction().execute(async (trx): Promise<SeatMail> => {
    const row = (
      await sql<{ state: string; promoted_at: Date | null; seat_mail_sent_at: Date | null }>`
        select state, promoted_at, seat_mail_sent_at from loyalty_event_attendee
        where event_id = ${ref.eventId} and customer_id = ${ref.customerId} for update`.execute(trx)
    ).rows[0];
    if (!row || row.state !== 'confirmed' || !row.promoted_at || row.seat_mail_sent_at)
      return { status: 'not-needed' };
    const event = eventOf(
      await trx
        .selectFrom('loyalty_event')
        .selectAll()
        .where('id', '=', ref.eventId)
        .executeTakeFirstOrThrow(),
    );
    const now = ctx.clock.now();
    if (event.status === 'cancelled' || event.endsAt <= now) return { status: 'not-needed' };
    const reference = `event-seat:${ref.eventId}:${row.promoted_at.getTime()}`;
    const verdict = await checkContact(
      { db: trx, clock: ctx.clock },
      { customerId: ref.customerId, purpose: 'service', channel: 'email', reference },
    );
    if (!verdict.allowed) return { status: 'refused', reason: verdict.reason };
    const customer = await getCustomer({ db: trx }, ref.customerId);
    const to = customer.emails[0];
    if (!to) return { status: 'no-address' };
    const inv = await trx
      .selectFrom('loyalty_event_invitation')
      .select('id')
      .where('event_id', '=', ref.eventId)
      .where('customer_id', '=', ref.customerId)
      .executeTakeFirstOrThrow();
    const links = await buildContactLinks(ctx, { customerId: ref.customerId, purpose: 'service' }, now, key);
    const first = (customer.name ?? '').trim().split(/\s+/)[0] || 'there';
    const text = [
      `Hi ${first},`,
      '',
      `Good news: a seat at ${event.title} has become free, and it is yours.`,
      `When: ${describeWhen(event, customer.locale)}`,
      `Where: ${[event.place, event.onlineUrl].filter(Boolean).join(' / ')}`,
      '',
      `If you cannot come after all, please give the seat back here: ${ctx.config.publicUrl}${rsvpPath(key, inv.id, event.endsAt)}`,
      '',
      '--',
      `Manage your email preferences: ${links.preferencesUrl}`,
      `Unsubscribe from these emails: ${links.unsubscribeUrl}`,
      '',
    ].join('\n');
    await getMailer(ctx.config).send({
      to,
      subject: `A seat is yours: ${event.title}`.slice(0, 300),
      text,
      html: textToHtml(text),
      messageId: `<seat-${inv.id}-${row.promoted_at.getTime()}@tenure.event>`,
      headers: links.headers,
    });
    await trx
      .updateTable('loyalty_event_attendee')
      .set({ seat_mail_sent_at: ctx.clock.now() })
      .where('event_id', '=', ref.eventId)
      .where('customer_id', '=', ref.customerId)
      .execute();
    return { status: 'sent' };
  });
}

export const mailSeatJob = defineJob<{ eventId: string; customerId: string }>({
  name: 'loyalty.mail-event-seat',
  retryLimit: 6,
  notify: true,
  handle: (ctx, data) => mailSeat(ctx, data),
});
