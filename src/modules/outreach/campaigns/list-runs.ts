import type { Ctx } from '../../../kernel/context.ts';
import { campaignResults } from './get-campaign.ts';
import type { CampaignView, RunView } from './schemas.ts';

/** A campaign's runs, newest first (at most 120: ten years of a monthly newsletter), each with its results. */
export async function listRuns(
  ctx: Pick<Ctx, 'db'>,
  c: Pick<CampaignView, 'id' | 'purpose'>,
): Promise<RunView[]> {
  const runs = await ctx.db
    .selectFrom('campaign_run')
    .select(['id', 'occurrence', 'status', 'started_at'])
    .where('campaign_id', '=', c.id)
    .orderBy('started_at', 'desc')
    .limit(120)
    .execute();
  return Promise.all(
    runs.map(async (r) => ({
      id: r.id,
      occurrence: r.occurrence,
      status: r.status,
      startedAt: r.started_at,
      results: await campaignResults(ctx, c, r.id),
    })),
  );
}
