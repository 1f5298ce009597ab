import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import type { Db } from '../../../kernel/db/pool.ts';
import { saveProgram } from '../../outreach/index.ts';
import { checkEvent } from './check-event.ts';
import { eventOf } from './event-of.ts';
import type { EventInput, EventView } from './schemas.ts';

/**
 * Creates a draft event and, in the same transaction, its holdout program in outreach (kind
 * 'event', same id), so invitations can hold out a share of the invitees from the first one on.
 */
export async function createEvent(
  ctx: Pick<Ctx, 'db'>,
  input: EventInput,
  by: string | null,
  audit?: (trx: Db, e: EventView) => Promise<void>,
): Promise<EventView> {
  checkEvent(input);
  const id = uuidv7();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('loyalty_event')
      .values({
        id,
        title: input.title,
        description: input.description,
        starts_at: input.startsAt,
        ends_at: input.endsAt,
        time_zone: input.timeZone,
        place: input.place,
        online_url: input.onlineUrl,
        capacity: input.capacity,
        points: input.points,
        send_window_start: input.sendWindow.start,
        send_window_end: input.sendWindow.end,
        created_by: by,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await saveProgram(
      { db: trx },
      {
        id,
        kind: 'event',
        key: `event-${id.replaceAll('-', '').slice(0, 32)}`,
        name: input.title,
        holdoutShare: input.holdoutShare,
        by,
      },
    );
    const view = eventOf(row);
    await audit?.(trx, view);
    return view;
  });
}
