import type { Ctx } from '../../../kernel/context.ts';
import { getCustomerNames } from '../../customers/index.ts';
import type { AttendeeView } from './schemas.ts';

const MAX = 5000;

/**
 * The door list: every treated invitee with their answer (or 'invited' when they never answered)
 * and check-in, filtered by a name search, confirmed first, then by name. Bounded: an event's
 * invitees are at most a few thousand.
 */
export async function listAttendees(
  ctx: Pick<Ctx, 'db'>,
  eventId: string,
  opts: { q?: string; limit: number },
): Promise<AttendeeView[]> {
  const rows = await ctx.db
    .selectFrom('loyalty_event_invitation as i')
    .leftJoin('loyalty_event_attendee as a', (j) =>
      j.onRef('a.event_id', '=', 'i.event_id').onRef('a.customer_id', '=', 'i.customer_id'),
    )
    .select(['i.customer_id', 'a.state', 'a.answered_at', 'a.checked_in_at'])
    .where('i.event_id', '=', eventId)
    .where('i.arm', '=', 'treated')
    .limit(MAX)
    .execute();
  const names = await getCustomerNames(
    ctx,
    rows.map((r) => r.customer_id),
  );
  const q = opts.q?.trim().toLocaleLowerCase();
  const order = { confirmed: 0, waitlisted: 1, invited: 2, declined: 3, cancelled: 4 } as const;
  return rows
    .map((r) => ({
      customerId: r.customer_id,
      name: names.get(r.customer_id) ?? null,
      state: r.state ?? ('invited' as const),
      answeredAt: r.answered_at,
      checkedInAt: r.checked_in_at,
    }))
    .filter((a) => !q || (a.name ?? '').toLocaleLowerCase().includes(q))
    .sort((a, b) => order[a.state] - order[b.state] || (a.name ?? '').localeCompare(b.name ?? ''))
    .slice(0, opts.limit);
}
