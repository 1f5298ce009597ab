import type { Ctx } from '../../../kernel/context.ts';
import { notFound } from '../../../kernel/errors.ts';
import { eventOf } from './event-of.ts';
import type { EventView } from './schemas.ts';

export async function getEvent(ctx: Pick<Ctx, 'db'>, id: string): Promise<EventView> {
  const row = await ctx.db.selectFrom('loyalty_event').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('event', id);
  return eventOf(row);
}
