import type { Ctx } from '../../../kernel/context.ts';
import { defineJob } from '../../../kernel/context.ts';
import { mailJobSettings } from '../../../kernel/mail.ts';
import { type CampaignDelivery, CLAIM_SECONDS, deliverCampaignSends } from './deliver-campaign-sends.ts';

export type { CampaignDelivery } from './deliver-campaign-sends.ts';

/**
 * Delivers one campaign send: a page of one (`deliverCampaignSends`). A transient mail failure
 * throws so the job retries; so does a send another delivery still has in hand, so that if that
 * delivery crashed, the retry after its claim expires sends it.
 */
export async function deliverCampaignSend(ctx: Ctx, ref: { sendId: string }): Promise<CampaignDelivery> {
  const result = (await deliverCampaignSends(ctx, [ref.sendId])).get(ref.sendId) as CampaignDelivery;
  throwIfUnfinished([result]);
  return result;
}

/** A page whose sends are not all settled fails, so pg-boss retries it; settled sends are no-ops then. */
function throwIfUnfinished(results: Iterable<CampaignDelivery>): void {
  const open = [...results].filter((r) => r.status === 'retry' || r.status === 'in-flight');
  if (open.length === 0) return;
  const first = open[0] as CampaignDelivery;
  throw new Error(
    `${open.length} send(s) not delivered yet: ${first.status === 'retry' ? first.reason : 'in flight elsewhere'}`,
  );
}

export const deliverCampaignSendJob = defineJob<{ sendId: string }>({
  name: 'outreach.deliver-campaign-send',
  retryLimit: 6,
  ...mailJobSettings,
  // A page per worker at a time, two pages per process: the page's mails go out in parallel.
  batchSize: 100,
  localConcurrency: 2,
  expireInSeconds: CLAIM_SECONDS,
  handle: (ctx, data) => deliverCampaignSend(ctx, data),
  handleBatch: async (ctx, data) => {
    const results = await deliverCampaignSends(
      ctx,
      data.map((d) => d.sendId),
    );
    throwIfUnfinished(results.values());
    const counts: Record<string, number> = {};
    for (const r of results.values()) counts[r.status] = (counts[r.status] ?? 0) + 1;
    return counts;
  },
});
