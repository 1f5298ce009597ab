import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import { defineJob } from '../../../kernel/context.ts';
import { launchRunJob } from './launch-run.ts';
import { dueOccurrence } from './schedule.ts';
import type { Schedule } from './schemas.ts';

/**
 * Starts every due occurrence of the active recurring campaigns. The run row's unique key
 * (campaign, occurrence) decides who launches it: a second worker, or this job run again after a
 * restart, inserts nothing and enqueues nothing, so an occurrence is launched exactly once.
 * The run and its launch job commit together.
 */
export async function launchDueRuns(ctx: Ctx): Promise<{ launched: string[] }> {
  const now = ctx.clock.now();
  const campaigns = await ctx.db
    .selectFrom('campaign')
    .select(['id', 'schedule', 'launched_at'])
    .where('kind', '=', 'recurring')
    .where('status', '=', 'active')
    .execute();
  const launched: string[] = [];
  for (const c of campaigns) {
    const occurrence = dueOccurrence(c.schedule as Schedule, now, c.launched_at ?? now);
    if (!occurrence) continue;
    await ctx.db.transaction().execute(async (trx) => {
      const run = await trx
        .insertInto('campaign_run')
        .values({ id: uuidv7(), campaign_id: c.id, occurrence, started_at: now, status: 'launching' })
        .onConflict((oc) => oc.columns(['campaign_id', 'occurrence']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!run) return;
      await ctx.queue.send(launchRunJob, { runId: run.id }, { trx, singletonKey: run.id });
      launched.push(`${c.id}:${occurrence}`);
    });
  }
  return { launched };
}

export const launchDueRunsJob = defineJob<Record<string, never>>({
  name: 'outreach.launch-due-campaign-runs',
  // Every quarter hour: an occurrence starts within 15 minutes of its time in the earliest zone.
  cron: '*/15 * * * *',
  handle: (ctx) => launchDueRuns(ctx),
});
