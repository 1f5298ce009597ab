import type { Ctx } from '../../../kernel/context.ts';
import { notFound } from '../../../kernel/errors.ts';

/** Stops a pulse's schedule; its rounds and results stay. */
export async function archivePulse(ctx: Pick<Ctx, 'db' | 'clock'>, id: string): Promise<void> {
  const r = await ctx.db
    .updateTable('people_pulse')
    .set({ status: 'archived', next_round_at: null, updated_at: ctx.clock.now() })
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r.numUpdatedRows) throw notFound('Pulse', id);
}
