import type { Ctx } from '../../../kernel/context.ts';
import { defineJob } from '../../../kernel/context.ts';
import { openRound } from './open-round.ts';

/** Opens every round that is due now; returns how many. */
export async function openDueRounds(ctx: Pick<Ctx, 'db' | 'clock' | 'queue'>): Promise<number> {
  const due = await ctx.db
    .selectFrom('people_pulse')
    .select('id')
    .where('status', '=', 'active')
    .where('next_round_at', '<=', ctx.clock.now())
    .orderBy('next_round_at')
    .limit(100)
    .execute();
  let opened = 0;
  for (const p of due) if (await openRound(ctx, p.id, { scheduled: true })) opened += 1;
  return opened;
}

export const openDuePulseRoundsJob = defineJob<Record<string, never>>({
  name: 'people.open-due-pulse-rounds',
  cron: '*/5 * * * *',
  retryLimit: 2,
  handle: async (ctx) => {
    await openDueRounds(ctx);
  },
});
