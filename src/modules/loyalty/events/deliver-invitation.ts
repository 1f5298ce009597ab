import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { defineJob } from '../../../kernel/context.ts';
import { classifyMailFailure, getMailer, mailJobSettings } from '../../../kernel/mail.ts';
import { getSigningKey } from '../../../kernel/signed-token.ts';
import { getCustomer, recordInteractions } from '../../customers/index.ts';
import {
  buildContactLinks,
  nextInWindow,
  releaseContact,
  reserveContact,
  zoneOr,
} from '../../outreach/index.ts';
import { composeInvitation } from './compose-invitation.ts';
import { eventOf } from './event-of.ts';
import { rsvpPath } from './rsvp-links.ts';
import type { InvitationStatus } from './tables.ts';

/** The purpose invitations are counted under in the contact budget; consent asks 'marketing'. */
export const INVITATION_PURPOSE = 'event';

export type InvitationDelivery = { status: InvitationStatus | 'missing' | 'not-yet'; reason?: string | null };

/**
 * Delivers one invitation holding its row lock: the local send window again (a job may run
 * early), the event still open, the one check and the contact budget through reserveContact
 * (a refusal is kept with its rule and its reason), then SMTP with a Message-ID derived from the
 * invitation, then 'sent'. A duplicate job waits on the lock and finds it done; a crash rolls
 * back, so the retry carries the same Message-ID and the same reservation reference.
 */
export async function deliverInvitation(
  ctx: Ctx,
  ref: { invitationId: string },
): Promise<InvitationDelivery> {
  const key = await getSigningKey(ctx);
  type Outcome = InvitationDelivery & {
    sent?: { customerId: string; at: Date; eventId: string; title: string };
  };
  const result = await ctx.db.transaction().execute(async (trx): Promise<Outcome> => {
    const inv = (
      await sql<{
        id: string;
        customer_id: string;
        event_id: string;
        status: InvitationStatus;
        reason: string | null;
      }>`
        select id, customer_id, event_id, status, reason from loyalty_event_invitation
        where id = ${ref.invitationId} for update`.execute(trx)
    ).rows[0];
    if (!inv) return { status: 'missing' };
    if (inv.status !== 'pending') return { status: inv.status, reason: inv.reason };
    const finish = async (status: 'skipped' | 'failed', code: string, reason: string) => {
      await trx
        .updateTable('loyalty_event_invitation')
        .set({ status, reason, reason_code: code })
        .where('id', '=', inv.id)
        .execute();
      return { status, reason };
    };
    const event = eventOf(
      await trx
        .selectFrom('loyalty_event')
        .selectAll()
        .where('id', '=', inv.event_id)
        .executeTakeFirstOrThrow(),
    );
    const now = ctx.clock.now();
    if (event.status !== 'open' || event.endsAt <= now)
      return finish(
        'skipped',
        'event-not-open',
        `the event is ${event.endsAt <= now ? 'over' : event.status}`,
      );
    const customer = await getCustomer({ db: trx }, inv.customer_id);
    const due = nextInWindow(now, zoneOr(customer.timeZone), event.sendWindow.start, event.sendWindow.end);
    if (due.getTime() > now.getTime()) {
      await trx
        .updateTable('loyalty_event_invitation')
        .set({ planned_for: due })
        .where('id', '=', inv.id)
        .execute();
      await ctx.queue.send(deliverInvitationJob, ref, { trx, startAfter: due });
      return { status: 'not-yet' };
    }
    const to = customer.emails[0];
    if (!to) return finish('skipped', 'no-address', 'no email address');
    const reference = `event-invitation:${inv.id}`;
    const decision = await reserveContact(
      { db: trx, clock: ctx.clock },
      { customerId: inv.customer_id, purpose: INVITATION_PURPOSE, channel: 'email', reference },
    );
    if (!decision.allowed) return finish('skipped', decision.code, decision.reason);
    const links = await buildContactLinks(
      ctx,
      { customerId: inv.customer_id, purpose: INVITATION_PURPOSE },
      now,
      key,
    );
    const rsvpUrl = `${ctx.config.publicUrl}${rsvpPath(key, inv.id, event.endsAt)}`;
    const mail = composeInvitation(event, customer, rsvpUrl, links);
    try {
      await getMailer(ctx.config).send({
        to,
        ...mail,
        messageId: `<${inv.id}@tenure.event>`,
        headers: links.headers,
      });
    } catch (err) {
      const { permanent, reason } = classifyMailFailure(err);
      // Transient: roll back (the reservation too) and let the job retry.
      if (!permanent) throw new Error(reason);
      await releaseContact({ db: trx }, inv.customer_id, reference);
      return finish('failed', 'smtp', reason);
    }
    const at = ctx.clock.now();
    await trx
      .updateTable('loyalty_event_invitation')
      .set({ status: 'sent', sent_at: at, reason: null })
      .where('id', '=', inv.id)
      .execute();
    return {
      status: 'sent',
      sent: { customerId: inv.customer_id, at, eventId: event.id, title: event.title },
    };
  });
  if (result.sent) {
    const s = result.sent;
    await recordInteractions(ctx, [
      {
        customer: { id: s.customerId },
        source: 'loyalty',
        sourceId: `event-invitation:${ref.invitationId}`,
        channel: 'email',
        kind: 'event-invited',
        direction: 'outbound',
        occurredAt: s.at,
        subject: `Invited to ${s.title}`,
        properties: { eventId: s.eventId, invitationId: ref.invitationId },
      },
    ]);
  }
  return { status: result.status, ...(result.reason !== undefined && { reason: result.reason }) };
}

export const deliverInvitationJob = defineJob<{ invitationId: string }>({
  name: 'loyalty.deliver-event-invitation',
  retryLimit: 6,
  ...mailJobSettings,
  handle: (ctx, data) => deliverInvitation(ctx, data),
});
