import type { Selectable } from 'kysely';
import type { EventView } from './schemas.ts';
import type { EventTables } from './tables.ts';

export type EventRow = Selectable<EventTables['loyalty_event']>;

/** An event row as the API shows it; its holdout program shares its id (see createEvent). */
export const eventOf = (r: EventRow): EventView => ({
  id: r.id,
  title: r.title,
  description: r.description,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  timeZone: r.time_zone,
  place: r.place,
  onlineUrl: r.online_url,
  capacity: r.capacity,
  points: r.points,
  status: r.status,
  sendWindow: { start: r.send_window_start, end: r.send_window_end },
  programId: r.id,
  createdAt: r.created_at,
});
