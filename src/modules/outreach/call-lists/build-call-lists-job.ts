import { defineJob } from '../../../kernel/context.ts';
import { buildCallList } from './build-call-list.ts';

/**
 * Each morning (05:00 UTC, before the first reps start in Europe) every active list is built for
 * the day. A list that fails (its segment no longer compiles) does not stop the others; the job
 * reports it and fails so the queue retries, and lists already built stay built (idempotent).
 */
export const buildCallListsJob = defineJob<Record<string, never>>({
  name: 'outreach.build-call-lists',
  cron: '0 5 * * *',
  handle: async (ctx) => {
    const lists = await ctx.db
      .selectFrom('call_list')
      .select(['id', 'name'])
      .where('active', '=', true)
      .execute();
    const failed: string[] = [];
    for (const l of lists) {
      try {
        await buildCallList(ctx, l.id);
      } catch (e) {
        failed.push(`${l.name}: ${(e as Error).message}`);
      }
    }
    if (failed.length) throw new Error(`call lists not built: ${failed.join('; ')}`);
  },
});
