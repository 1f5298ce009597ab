import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { getCustomer360s } from '../../customers/index.ts';
import { segmentMembers } from '../segments/segment-members.ts';
import { assignArm } from '../uplift/assign-arm.ts';
import { deliverCampaignSendJob } from './deliver-campaign-send.ts';
import { getCampaign } from './get-campaign.ts';
import { checkWindow, nextInWindow, zoneOr } from './send-window.ts';
import { checkTemplate } from './template.ts';

const PAGE = 500;

/**
 * Launches a draft: takes the segment's members now (the snapshot), assigns each an arm of the
 * campaign's program, records held-out members as such, and for each treated member creates a
 * pending send with a durable job at the next moment inside the member's local send window.
 * Each page commits its sends with their jobs (an outbox). A launch that crashed half-way stays
 * 'scheduled' and is resumed by launching again (a member already snapshotted gets nothing new);
 * a campaign already sending or done is a 409.
 */
export async function launchCampaign(
  ctx: Ctx,
  id: string,
): Promise<{ eligible: number; treated: number; heldOut: number }> {
  const campaign = await getCampaign(ctx, id);
  // Stored campaigns were checked when saved; checked again so nothing half-sends on bad input.
  checkTemplate('subject', campaign.subject);
  checkTemplate('body', campaign.body);
  checkWindow(campaign.sendWindow.start, campaign.sendWindow.end);
  const claimed = await ctx.db
    .updateTable('campaign')
    .set({ status: 'scheduled', launched_at: ctx.clock.now() })
    .where('id', '=', id)
    .where('status', 'in', ['draft', 'scheduled'])
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1)
    throw new AppError('conflict', `This campaign was already launched (status ${campaign.status})`);
  const now = ctx.clock.now();
  let after: string | undefined;
  const totals = { eligible: 0, treated: 0, heldOut: 0 };
  for (;;) {
    const page = await segmentMembers(ctx, { segmentId: campaign.segmentId }, { after, limit: PAGE });
    if (page.data.length === 0) break;
    const profiles = await getCustomer360s(
      ctx,
      page.data.map((m) => m.id),
    );
    await ctx.db.transaction().execute(async (trx) => {
      for (const m of page.data) {
        const arm = await assignArm(
          { db: trx },
          { programKind: 'campaign', programId: campaign.programId, customerId: m.id, at: now },
        );
        const treated = arm === 'treated';
        const tz = zoneOr(profiles.get(m.id)?.timeZone);
        const plannedFor = treated
          ? nextInWindow(now, tz, campaign.sendWindow.start, campaign.sendWindow.end)
          : null;
        const sendId = uuidv7();
        const inserted = await trx
          .insertInto('campaign_send')
          .values({
            id: sendId,
            campaign_id: id,
            customer_id: m.id,
            arm,
            status: treated ? 'pending' : 'held-out',
            planned_for: plannedFor,
            sent_at: null,
            reason: treated ? null : `${arm}: recorded as would have been contacted`,
            reason_code: treated ? null : arm,
          })
          .onConflict((oc) => oc.columns(['campaign_id', 'customer_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        totals.eligible++;
        if (!treated) totals.heldOut++;
        else totals.treated++;
        if (inserted && plannedFor)
          await ctx.queue.send(deliverCampaignSendJob, { sendId }, { trx, startAfter: plannedFor });
      }
    });
    after = page.nextCursor ?? undefined;
    if (!after) break;
  }
  await ctx.db
    .updateTable('campaign')
    .set({ status: totals.treated > 0 ? 'sending' : 'done' })
    .where('id', '=', id)
    .execute();
  return totals;
}
