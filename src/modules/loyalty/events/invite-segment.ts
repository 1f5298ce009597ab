import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { getCustomer360s } from '../../customers/index.ts';
import { type Arm, assignArms, nextInWindow, segmentMembers, zoneOr } from '../../outreach/index.ts';
import { deliverInvitationJob } from './deliver-invitation.ts';
import { getEvent } from './get-event.ts';

const PAGE = 1000;

export type InviteTotals = { eligible: number; invited: number; heldOut: number; alreadyInvited: number };

/**
 * Invites a segment's members to an open event: each member gets an arm of the event's program
 * (assignArms); held-out members are recorded as "would have been invited", the others get a
 * pending invitation with a durable job at the next moment of their local send window. Each page
 * commits its invitations with their jobs (an outbox) in a handful of statements; someone already invited (by this or an
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
    const ids = page.data.map((m) => m.id);
    await ctx.db.transaction().execute(async (trx) => {
      const arms = await assignArms(
        { db: trx },
        { programKind: 'event', programId: event.programId, customerIds: ids, at: now },
      );
      const rows = ids.map((id) => {
        const arm = arms.get(id) as Arm;
        const treated = arm === 'treated';
        const tz = zoneOr(profiles.get(id)?.timeZone);
        const plannedFor = treated
          ? nextInWindow(now, tz, event.sendWindow.start, event.sendWindow.end)
          : null;
        return {
          id: uuidv7(),
          customerId: id,
          arm,
          status: treated ? 'pending' : 'held-out',
          plannedFor: plannedFor?.toISOString() ?? null,
          reason: treated ? null : `${arm}: recorded as would have been invited`,
          code: treated ? null : arm,
        };
      });
      const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
      // The page's invitations in one statement; created_at is the eligibility moment the report
      // measures from, on the injected clock.
      const inserted = await sql<{ id: string; status: string; planned_for: Date | null }>`
        insert into loyalty_event_invitation
          (id, event_id, customer_id, arm, status, planned_for, sent_at, created_at, reason, reason_code)
        select i.id, ${eventId}::uuid, i.customer_id, i.arm, i.status, i.planned_for, null,
          ${now}::timestamptz, i.reason, i.reason_code
        from unnest(${col('id')}::uuid[], ${col('customerId')}::uuid[], ${col('arm')}::text[],
          ${col('status')}::text[], ${col('plannedFor')}::timestamptz[], ${col('reason')}::text[],
          ${col('code')}::text[]) as i(id, customer_id, arm, status, planned_for, reason, reason_code)
        on conflict (event_id, customer_id) do nothing
        returning id, status, planned_for`.execute(trx);
      totals.eligible += ids.length;
      totals.alreadyInvited += ids.length - inserted.rows.length;
      for (const r of inserted.rows) {
        if (r.status === 'pending') totals.invited++;
        else totals.heldOut++;
      }
      await ctx.queue.sendMany(
        deliverInvitationJob,
        inserted.rows.flatMap((r) =>
          r.planned_for ? [{ data: { invitationId: r.id }, startAfter: r.planned_for }] : [],
        ),
        { trx },
      );
    });
    after = page.nextCursor ?? undefined;
    if (!after) break;
  }
  return totals;
}
