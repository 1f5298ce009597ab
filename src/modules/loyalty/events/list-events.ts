import type { Ctx } from '../../../kernel/context.ts';
import { eventOf } from './event-of.ts';
import type { EventView } from './schemas.ts';

/** Events, soonest first; at most 500 (a team runs a handful a month). */
export async function listEvents(ctx: Pick<Ctx, 'db'>): Promise<EventView[]> {
  const rows = await ctx.db
    .selectFrom('loyalty_event')
    .selectAll()
    .orderBy('starts_at', 'desc')
    .orderBy('id')
    .limit(500)
    .execute();
  return rows.map(eventOf);
}
