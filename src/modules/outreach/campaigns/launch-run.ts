import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { defineJob } from '../../../kernel/context.ts';
import { getCustomer360s } from '../../customers/index.ts';
import { segmentMembers } from '../segments/segment-members.ts';
import { createSends } from './create-sends.ts';
import { getCampaign } from './get-campaign.ts';
import { localInstant } from './schedule.ts';
import type { CampaignView } from './schemas.ts';
import { zoneOr } from './send-window.ts';

// Members per transaction: their arms, sends, jobs and the cursor are a handful of statements.
const PAGE = 1000;

/**
 * Launches one run: takes the segment's members now (the snapshot), page by page after the run's
 * cursor. Each page commits its sends, their delivery jobs and the cursor together, so a crash
 * loses at most the page in flight and a rerun resumes after the last committed page; the
 * unique (run, customer) key means a member never gets a second send. For a segment trigger's
 * run the members are only recorded as seen (they were in before the trigger existed).
 */
export async function launchRun(ctx: Ctx, ref: { runId: string }): Promise<{ members: number }> {
  const run = await ctx.db
    .selectFrom('campaign_run')
    .selectAll()
    .where('id', '=', ref.runId)
    .executeTakeFirst();
  if (!run || run.status !== 'launching') return { members: 0 };
  const campaign = await getCampaign(ctx, run.campaign_id);
  const now = ctx.clock.now();
  let after = run.cursor ?? undefined;
  let members = 0;
  for (;;) {
    const page = await segmentMembers(ctx, { segmentId: campaign.segmentId }, { after, limit: PAGE });
    const ids = page.data.map((m) => m.id);
    const zones = ids.length ? await getCustomer360s(ctx, ids) : new Map();
    const next = page.nextCursor;
    await ctx.db.transaction().execute(async (trx) => {
      if (run.occurrence === 'trigger')
        await sql`
          insert into campaign_segment_seen (campaign_id, customer_id, seen_at)
          select ${campaign.id}::uuid, id, ${now}::timestamptz from unnest(${ids}::uuid[]) as m(id)
          on conflict do nothing`.execute(trx);
      else
        await createSends(
          ctx,
          trx,
          campaign,
          run.id,
          ids.map((id) => {
            const tz = zoneOr(zones.get(id)?.timeZone);
            return { customerId: id, due: dueFor(campaign, run.occurrence, now, tz), tz, eligibleAt: now };
          }),
        );
      const last = ids.at(-1);
      await trx
        .updateTable('campaign_run')
        .set(next ? { cursor: last ?? null } : { cursor: last ?? run.cursor, status: 'sending' })
        .where('id', '=', run.id)
        .execute();
    });
    members += ids.length;
    if (!next) break;
    after = next;
  }
  // Nothing pending (all held out, an empty segment): the run, and a one-off campaign, are done.
  await settleRun(ctx, run.id);
  return { members };
}

/** When a recurring occurrence is due for this customer: the schedule's time on its date, locally. */
function dueFor(c: CampaignView, occurrence: string, now: Date, tz: string): Date {
  if (!c.schedule || !/^\d{4}-\d{2}-\d{2}$/.test(occurrence)) return now;
  const at = localInstant(occurrence, c.schedule.at, tz);
  return at.getTime() > now.getTime() ? at : now;
}

/** A run past its launch with nothing pending is done; so is a one-off campaign whose run is. */
export async function settleRun(ctx: Pick<Ctx, 'db'>, runId: string): Promise<void> {
  const run = await ctx.db
    .updateTable('campaign_run as r')
    .set({ status: 'done' })
    .where('r.id', '=', runId)
    .where('r.status', '=', 'sending')
    .where('r.occurrence', '!=', 'trigger')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('campaign_send as s')
            .select('s.id')
            .whereRef('s.run_id', '=', 'r.id')
            .where('s.status', '=', 'pending'),
        ),
      ),
    )
    .returning('r.campaign_id')
    .executeTakeFirst();
  const pending = await ctx.db
    .selectFrom('campaign_run')
    .select('campaign_id')
    .where('id', '=', runId)
    .where('occurrence', '=', 'once')
    .executeTakeFirst();
  if (!pending) return;
  await ctx.db
    .updateTable('campaign')
    .set({ status: run ? 'done' : 'sending' })
    .where('id', '=', pending.campaign_id)
    .where('status', 'in', run ? ['scheduled', 'sending'] : ['scheduled'])
    .execute();
}

export const launchRunJob = defineJob<{ runId: string }>({
  name: 'outreach.launch-campaign-run',
  retryLimit: 10,
  // A big segment takes a while; past this the job counts as crashed and resumes from its cursor.
  expireInSeconds: 3600,
  notify: true,
  // With NOTIFY on and no interval pg-boss polls every 30 s: a wake-up used by an earlier job
  // left a launch waiting that long.
  pollingIntervalSeconds: 0.5,
  handle: (ctx, data) => launchRun(ctx, data),
});
