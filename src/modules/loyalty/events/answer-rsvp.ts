import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError, notFound } from '../../../kernel/errors.ts';
import { recordInteractions } from '../../customers/index.ts';
import { eventOf } from './event-of.ts';
import { mailSeatJob } from './mail-seat.ts';
import type { EventView } from './schemas.ts';
import type { AttendeeState } from './tables.ts';

export const RSVP_ANSWERS = ['yes', 'no', 'cancel'] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];

export type RsvpResult = {
  event: EventView;
  customerId: string;
  state: AttendeeState;
  changed: boolean;
  /** who got the seat this answer freed, if anyone was waiting */
  promoted: string | null;
};

/**
 * Records an invitee's answer. The event row is locked for the whole decision, so answers to one
 * event are taken one at a time: twenty parallel "yes" for five seats confirm exactly five and
 * waitlist fifteen. A confirmed guest who says no or cancels frees the seat for the earliest on
 * the waitlist in the same transaction. Answering what you already answered changes nothing
 * (a double-clicked button never moves you down the waitlist).
 */
export async function answerRsvp(
  ctx: Pick<Ctx, 'db' | 'clock' | 'queue'>,
  invitationId: string,
  answer: RsvpAnswer,
): Promise<RsvpResult> {
  const now = ctx.clock.now();
  const result = await ctx.db.transaction().execute(async (trx) => {
    const inv = await trx
      .selectFrom('loyalty_event_invitation')
      .select(['event_id', 'customer_id', 'arm'])
      .where('id', '=', invitationId)
      .executeTakeFirst();
    if (!inv || inv.arm !== 'treated') throw notFound('invitation', invitationId);
    const row = await trx
      .selectFrom('loyalty_event')
      .selectAll()
      .where('id', '=', inv.event_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const event = eventOf(row);
    if (event.status !== 'open' || event.endsAt <= now)
      throw new AppError(
        'conflict',
        event.status === 'cancelled'
          ? 'This event was cancelled'
          : event.endsAt <= now
            ? 'This event is over'
            : 'Answers for this event are closed',
      );
    const current = await trx
      .selectFrom('loyalty_event_attendee')
      .select(['state'])
      .where('event_id', '=', event.id)
      .where('customer_id', '=', inv.customer_id)
      .executeTakeFirst();
    const was = current?.state;
    let state: AttendeeState;
    if (answer === 'yes') {
      if (was === 'confirmed' || was === 'waitlisted') state = was;
      else {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from loyalty_event_attendee
          where event_id = ${event.id} and state = 'confirmed'`.execute(trx);
        state = (rows[0]?.n ?? 0) < event.capacity ? 'confirmed' : 'waitlisted';
      }
    } else if (answer === 'cancel' && (was === 'confirmed' || was === 'waitlisted')) state = 'cancelled';
    else state = was === 'cancelled' ? 'cancelled' : 'declined';
    const changed = state !== was;
    if (changed)
      await trx
        .insertInto('loyalty_event_attendee')
        .values({ event_id: event.id, customer_id: inv.customer_id, state, answered_at: now })
        .onConflict((oc) => oc.columns(['event_id', 'customer_id']).doUpdateSet({ state, answered_at: now }))
        .execute();
    let promoted: string | null = null;
    if (was === 'confirmed' && state !== 'confirmed') {
      const next = await trx
        .selectFrom('loyalty_event_attendee')
        .select('customer_id')
        .where('event_id', '=', event.id)
        .where('state', '=', 'waitlisted')
        .orderBy('answered_at')
        .orderBy('customer_id')
        .limit(1)
        .executeTakeFirst();
      if (next) {
        await trx
          .updateTable('loyalty_event_attendee')
          .set({ state: 'confirmed', promoted_at: now, seat_mail_sent_at: null })
          .where('event_id', '=', event.id)
          .where('customer_id', '=', next.customer_id)
          .execute();
        promoted = next.customer_id;
        // Committed with the promotion (an outbox): the guest hears about the seat exactly once.
        await ctx.queue.send(mailSeatJob, { eventId: event.id, customerId: next.customer_id }, { trx });
      }
    }
    return { event, customerId: inv.customer_id, state, changed, promoted };
  });
  // On the timeline after commit; the source ids make a replay a duplicate, not a second entry.
  const stamp = now.getTime();
  const { event } = result;
  const entries = [];
  if (result.changed)
    entries.push({
      customer: { id: result.customerId },
      source: 'loyalty',
      sourceId: `event:${event.id}:rsvp:${stamp}`,
      channel: 'web' as const,
      kind: 'event-rsvp',
      // Not 'inbound': answering the invitation must not count as the later activity the report measures.
      direction: null,
      occurredAt: now,
      subject: `RSVP ${answer} to ${event.title}: ${result.state}`,
      properties: { eventId: event.id, answer, state: result.state },
    });
  if (result.promoted)
    entries.push({
      customer: { id: result.promoted },
      source: 'loyalty',
      sourceId: `event:${event.id}:promoted:${stamp}`,
      channel: 'system' as const,
      kind: 'event-rsvp',
      direction: null,
      occurredAt: now,
      subject: `Moved from the waitlist to a seat at ${event.title}`,
      properties: { eventId: event.id, answer: 'promoted', state: 'confirmed' },
    });
  await recordInteractions(ctx, entries);
  return result;
}
