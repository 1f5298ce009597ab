import type { Ctx } from '../../../kernel/context.ts';
import { AppError, notFound } from '../../../kernel/errors.ts';

/** Ends a round before its time: its links stop taking answers and its results can be read. */
export async function closeRound(ctx: Pick<Ctx, 'db' | 'clock'>, pulseId: string, roundId: string) {
  const now = ctx.clock.now();
  const round = await ctx.db
    .selectFrom('people_pulse_round')
    .select(['id', 'closes_at', 'closed_early_at'])
    .where('id', '=', roundId)
    .where('pulse_id', '=', pulseId)
    .executeTakeFirst();
  if (!round) throw notFound('Round', roundId);
  if (round.closed_early_at || round.closes_at <= now) throw new AppError('conflict', 'This round is closed');
  await ctx.db
    .updateTable('people_pulse_round')
    .set({ closed_early_at: now })
    .where('id', '=', roundId)
    .execute();
}
