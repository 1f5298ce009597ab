import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { defineJob } from '../../../kernel/context.ts';
import { getCustomer360s } from '../../customers/index.ts';
import { segmentMembers } from '../segments/segment-members.ts';
import { createSends } from './create-sends.ts';
import { getCampaign } from './get-campaign.ts';
import { zoneOr } from './send-window.ts';

const PAGE = 1000;
const MINUTE_MS = 60_000;

/**
 * Segment-entry triggers: diffs each active campaign's segment against the members it has seen
 * (campaign_segment_seen). A member not seen before has entered: recorded as seen and given a
 * send due `delayMinutes` from now, in the same transaction, so a crash or a second worker
 * never sends twice (the seen row and the unique (run, customer) key). Members already in when
 * the campaign was launched were recorded by its launch run and get nothing.
 */
export async function checkSegmentEntries(ctx: Ctx): Promise<{ entered: number }> {
  const runs = await ctx.db
    .selectFrom('campaign as c')
    .innerJoin('campaign_run as r', (j) =>
      j.onRef('r.campaign_id', '=', 'c.id').on('r.occurrence', '=', 'trigger'),
    )
    .select(['c.id', 'r.id as run_id'])
    .where('c.kind', '=', 'triggered')
    .where('c.status', '=', 'active')
    // A run still 'launching' has not recorded who was already in: wait for it.
    .where('r.status', '=', 'sending')
    .where(sql<boolean>`c.trigger->>'on' = 'segment'`)
    .execute();
  let entered = 0;
  for (const run of runs) {
    const campaign = await getCampaign(ctx, run.id);
    const delay = campaign.trigger?.delayMinutes ?? 0;
    let after: string | undefined;
    for (;;) {
      const now = ctx.clock.now();
      const page = await segmentMembers(ctx, { segmentId: campaign.segmentId }, { after, limit: PAGE });
      const ids = page.data.map((m) => m.id);
      if (ids.length === 0) break;
      const seen = await ctx.db
        .selectFrom('campaign_segment_seen')
        .select('customer_id')
        .where('campaign_id', '=', campaign.id)
        .where('customer_id', 'in', ids)
        .execute();
      const known = new Set(seen.map((s) => s.customer_id));
      const fresh = ids.filter((id) => !known.has(id));
      if (fresh.length) {
        const zones = await getCustomer360s(ctx, fresh);
        await ctx.db.transaction().execute(async (trx) => {
          // Claimed by this worker in one statement: a member another worker claimed first is skipped.
          const claimed = await sql<{ customer_id: string }>`
            insert into campaign_segment_seen (campaign_id, customer_id, seen_at)
            select ${campaign.id}::uuid, id, ${now}::timestamptz from unnest(${fresh}::uuid[]) as m(id)
            on conflict do nothing
            returning customer_id`.execute(trx);
          const due = new Date(now.getTime() + delay * MINUTE_MS);
          const created = await createSends(
            ctx,
            trx,
            campaign,
            run.run_id,
            claimed.rows.map((c) => ({
              customerId: c.customer_id,
              due,
              tz: zoneOr(zones.get(c.customer_id)?.timeZone),
              eligibleAt: now,
            })),
          );
          entered += created.size;
        });
      }
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
  }
  return { entered };
}

export const checkSegmentEntriesJob = defineJob<Record<string, never>>({
  name: 'outreach.check-campaign-segment-entries',
  // Every quarter hour: "on entering a segment" means within 15 minutes of the data that put them in.
  cron: '*/15 * * * *',
  handle: (ctx) => checkSegmentEntries(ctx),
});
