import type { Ctx } from '../../../kernel/context.ts';
import { AppError, notFound } from '../../../kernel/errors.ts';
import { recordInteractions } from '../../customers/index.ts';
import { grantReward } from '../grant-reward.ts';
import { eventOf } from './event-of.ts';

export type CheckIn = { customerId: string; checkedInAt: Date; firstTime: boolean; points: number };

/**
 * Staff checks a guest in at the door. Anyone invited may come (a walk-in who never answered,
 * or one on the waitlist, gets in: the room decides, not the list). Idempotent: the first
 * check-in's time stays; attendance on the timeline (source id `event-attended:<id>`) and the
 * points (grantReward, key `event:<id>:attended`, its own timeline entry) are written on every
 * call, each exactly once, so a retry after a crash between them completes what the first began.
 */
export async function checkInAttendee(
  ctx: Pick<Ctx, 'db' | 'clock' | 'queue'>,
  eventId: string,
  customerId: string,
  staffId: string | null,
): Promise<CheckIn> {
  const now = ctx.clock.now();
  const { event, row, firstTime } = await ctx.db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('loyalty_event')
      .selectAll()
      .where('id', '=', eventId)
      .executeTakeFirst();
    if (!found) throw notFound('event', eventId);
    const event = eventOf(found);
    if (event.status === 'draft' || event.status === 'cancelled')
      throw new AppError('conflict', `Nobody can check in to a ${event.status} event`);
    const invited = await trx
      .selectFrom('loyalty_event_invitation')
      .select('arm')
      .where('event_id', '=', eventId)
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    if (!invited || invited.arm !== 'treated')
      throw new AppError('not_found', 'This customer was not invited to this event', { field: 'customerId' });
    const before = await trx
      .selectFrom('loyalty_event_attendee')
      .select('checked_in_at')
      .where('event_id', '=', eventId)
      .where('customer_id', '=', customerId)
      .forUpdate()
      .executeTakeFirst();
    const row = await trx
      .insertInto('loyalty_event_attendee')
      .values({
        event_id: eventId,
        customer_id: customerId,
        state: 'confirmed',
        answered_at: now,
        checked_in_at: now,
        checked_in_by: staffId,
      })
      .onConflict((oc) =>
        oc.columns(['event_id', 'customer_id']).doUpdateSet((eb) => ({
          checked_in_at: eb.fn.coalesce('loyalty_event_attendee.checked_in_at', eb.val(now)),
          checked_in_by: eb.fn.coalesce('loyalty_event_attendee.checked_in_by', eb.val(staffId)),
        })),
      )
      .returning(['checked_in_at', 'checked_in_by'])
      .executeTakeFirstOrThrow();
    return { event, row, firstTime: !before?.checked_in_at };
  });
  const at = row.checked_in_at ?? now;
  await recordInteractions(ctx, [
    {
      customer: { id: customerId },
      source: 'loyalty',
      sourceId: `event-attended:${eventId}`,
      channel: 'in-person',
      kind: 'event-attended',
      direction: null,
      occurredAt: at,
      staffId: row.checked_in_by,
      subject: `Attended ${event.title} (checked in)`,
      properties: { eventId },
    },
  ]);
  if (event.points > 0)
    await grantReward(ctx, {
      customerId,
      key: `event:${eventId}:attended`,
      points: event.points,
      reason: `Attended ${event.title}`,
      source: 'loyalty-events',
      properties: { eventId },
    });
  return { customerId, checkedInAt: at, firstTime, points: event.points };
}
