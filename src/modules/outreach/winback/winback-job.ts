import { defineJob } from '../../../kernel/context.ts';
import { getWinbackSettings } from './get-winback-settings.ts';
import { runWinback } from './run-winback.ts';

/**
 * Each day at 07:00 UTC, when the play is active: one scheduled run (a second on the same day
 * is refused by the run's unique day, so a retried job never contacts anyone twice).
 */
export const runWinbackJob = defineJob<Record<string, never>>({
  name: 'outreach.run-winback',
  cron: '0 7 * * *',
  handle: async (ctx) => {
    if (!(await getWinbackSettings(ctx)).active) return;
    const done = await ctx.db
      .selectFrom('winback_run')
      .select('id')
      .where('trigger', '=', 'schedule')
      .where('day', '=', ctx.clock.now().toISOString().slice(0, 10))
      .executeTakeFirst();
    if (done) return;
    await runWinback(ctx, { dryRun: false, limit: 5000, trigger: 'schedule', by: null });
  },
});
