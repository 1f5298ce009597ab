import type { Ctx } from '../../../kernel/context.ts';
import { notFound } from '../../../kernel/errors.ts';
import { pulseOf } from './pulse-of.ts';
import type { PulseView } from './schemas.ts';

export async function getPulse(ctx: Pick<Ctx, 'db'>, id: string): Promise<PulseView> {
  const row = await ctx.db.selectFrom('people_pulse').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Pulse', id);
  return pulseOf(row);
}
