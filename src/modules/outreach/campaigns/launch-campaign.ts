import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { getCampaign } from './get-campaign.ts';
import { launchRunJob } from './launch-run.ts';
import { checkWindow } from './send-window.ts';
import type { CampaignStatus } from './tables.ts';
import { checkTemplate } from './template.ts';

/**
 * Launches a draft without doing the work in the request. A one-off campaign gets its 'once' run
 * and a durable job that snapshots the segment page by page (launch-run.ts); a recurring one
 * becomes 'active' and the cron job launches each occurrence; a triggered one becomes 'active'
 * with its standing 'trigger' run (for a segment trigger, the job records who is already in).
 * The run and its job commit together; launching a one-off campaign still 'scheduled' (its job
 * lost or failed) enqueues the job again, which resumes where the snapshot stopped.
 */
export async function launchCampaign(ctx: Ctx, id: string): Promise<{ status: CampaignStatus }> {
  const campaign = await getCampaign(ctx, id);
  // Stored campaigns were checked when saved; checked again so nothing half-sends on bad input.
  checkTemplate('subject', campaign.subject);
  checkTemplate('body', campaign.body);
  checkWindow(campaign.sendWindow.start, campaign.sendWindow.end);
  const next: CampaignStatus = campaign.kind === 'one-off' ? 'scheduled' : 'active';
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('campaign')
      .set({ status: next, launched_at: now })
      .where('id', '=', id)
      .where('status', 'in', campaign.kind === 'one-off' ? ['draft', 'scheduled'] : ['draft'])
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1)
      throw new AppError('conflict', `This campaign was already launched (status ${campaign.status})`);
    if (campaign.kind === 'recurring') return { status: next };
    const occurrence = campaign.kind === 'one-off' ? 'once' : 'trigger';
    // A segment trigger's run first records the members already in; an event trigger has nothing to snapshot.
    const snapshot = campaign.kind === 'one-off' || campaign.trigger?.on === 'segment';
    await trx
      .insertInto('campaign_run')
      .values({
        id: uuidv7(),
        campaign_id: id,
        occurrence,
        started_at: now,
        status: snapshot ? 'launching' : 'sending',
      })
      .onConflict((oc) => oc.columns(['campaign_id', 'occurrence']).doNothing())
      .execute();
    const run = await trx
      .selectFrom('campaign_run')
      .select(['id', 'status'])
      .where('campaign_id', '=', id)
      .where('occurrence', '=', occurrence)
      .executeTakeFirstOrThrow();
    if (run.status === 'launching')
      await ctx.queue.send(launchRunJob, { runId: run.id }, { trx, singletonKey: run.id });
    return { status: next };
  });
}
