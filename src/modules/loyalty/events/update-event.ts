import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import type { Db } from '../../../kernel/db/pool.ts';
import { AppError, notFound } from '../../../kernel/errors.ts';
import { saveProgram } from '../../outreach/index.ts';
import { checkEvent, checkTransition } from './check-event.ts';
import { eventOf } from './event-of.ts';
import type { EventPatch, EventView } from './schemas.ts';

/**
 * Edits an event or moves its status (draft → open → closed, or cancelled). The capacity cannot
 * drop below the seats already confirmed: nobody loses a seat they were given.
 */
export async function updateEvent(
  ctx: Pick<Ctx, 'db'>,
  id: string,
  patch: EventPatch,
  by: string | null,
  audit?: (trx: Db, e: EventView) => Promise<void>,
): Promise<EventView> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('loyalty_event')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('event', id);
    const current = eventOf(row);
    if (current.status === 'cancelled') throw new AppError('conflict', 'A cancelled event cannot be changed');
    if (patch.status) checkTransition(current.status, patch.status);
    const next = { ...current, ...patch, sendWindow: patch.sendWindow ?? current.sendWindow };
    checkEvent(next);
    if (patch.capacity !== undefined) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from loyalty_event_attendee
        where event_id = ${id} and state = 'confirmed'`.execute(trx);
      const confirmed = rows[0]?.n ?? 0;
      if (patch.capacity < confirmed)
        throw new AppError(
          'conflict',
          `capacity: ${confirmed} seats are already confirmed; the capacity cannot be lower`,
          { field: 'capacity' },
        );
    }
    const updated = await trx
      .updateTable('loyalty_event')
      .set({
        title: next.title,
        description: next.description,
        starts_at: next.startsAt,
        ends_at: next.endsAt,
        time_zone: next.timeZone,
        place: next.place,
        online_url: next.onlineUrl,
        capacity: next.capacity,
        points: next.points,
        status: next.status,
        send_window_start: next.sendWindow.start,
        send_window_end: next.sendWindow.end,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (patch.title) await saveProgram({ db: trx }, { id, name: patch.title, by });
    const view = eventOf(updated);
    await audit?.(trx, view);
    return view;
  });
}
