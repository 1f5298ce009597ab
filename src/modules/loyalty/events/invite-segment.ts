import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { getCustomer360s } from '../../customers/index.ts';
import { assignArm, nextInWindow, segmentMembers, zoneOr } from '../../outreach/index.ts';
import { deliverInvitationJob } from './deliver-invitation.ts';
import { getEvent } from './get-event.ts';

const PAGE = 500;

export type InviteTotals = { eligible: number; invited: number; heldOut: number; alreadyInvited: number };

/**
 * Invites a segment's members to an open event: each member gets an arm of the event's program
 * (assignArm); held-out members are recorded as "would have been invited", the others get a
 * pending invitation with a durable job at the next moment of their local send window. Each page
 * commits its invitations with their jobs (an outbox); someone already invited (by this or an
 * earlier segment) is skipped, so a re-run or a second segment never invites twice.
 */
export async function inviteSegment(ctx: Ctx, eventId: string, segmentId: string): Promise<InviteTotals> {
  const event = await getEvent(ctx, eventId);
  if (event.status !== 'open')
    throw new AppError('conflict', `Invitations go out for open events only (this one is ${event.status})`);
  const now = ctx.clock.now();
  if (event.endsAt.getTime() <= now.getTime())
    throw new AppError('conflict', 'This event is over: nobody can be invited any more');
  const totals: InviteTotals = { eligible: 0, invited: 0, heldOut: 0, alreadyInvited: 0 };
  let after: string | undefined;
  for (;;) {
    const page = await segmentMembers(ctx, { segmentId }, { after, limit: PAGE });
    if (page.data.length === 0) break;
    const profiles = await getCustomer360s(
      ctx,
      page.data.map((m) => m.id),
    );
    await ctx.db.transaction().execute(async (trx) => {
      for (const m of page.data) {
        totals.eligible++;
        const arm = await assignArm(
          { db: trx },
          { programKind: 'event', programId: event.programId, customerId: m.id, at: now },
        );
        const treated = arm === 'treated';
        const tz = zoneOr(profiles.get(m.id)?.timeZone);
        const plannedFor = treated
          ? nextInWindow(now, tz, event.sendWindow.start, event.sendWindow.end)
          : null;
        const id = uuidv7();
        const inserted = await trx
          .insertInto('loyalty_event_invitation')
          .values({
            id,
            event_id: eventId,
            customer_id: m.id,
            arm,
            status: treated ? 'pending' : 'held-out',
            planned_for: plannedFor,
            sent_at: null,
            // The eligibility moment the report measures from, on the injected clock.
            created_at: now,
            reason: treated ? null : `${arm}: recorded as would have been invited`,
            reason_code: treated ? null : arm,
          })
          .onConflict((oc) => oc.columns(['event_id', 'customer_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) totals.alreadyInvited++;
        else if (!treated) totals.heldOut++;
        else totals.invited++;
        if (inserted && plannedFor)
          await ctx.queue.send(deliverInvitationJob, { invitationId: id }, { trx, startAfter: plannedFor });
      }
    });
    after = page.nextCursor ?? undefined;
    if (!after) break;
  }
  return totals;
}
