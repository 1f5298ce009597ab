import type { Ctx } from '../../../kernel/context.ts';
import { pulseOf } from './pulse-of.ts';
import type { PulseView } from './schemas.ts';

/** Every pulse, newest first (a handful per organisation). */
export async function listPulses(ctx: Pick<Ctx, 'db'>): Promise<PulseView[]> {
  const rows = await ctx.db
    .selectFrom('people_pulse')
    .selectAll()
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
  return rows.map(pulseOf);
}
