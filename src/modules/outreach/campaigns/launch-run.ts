import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import { defineJob } from '../../../kernel/context.ts';
import type { Database } from '../../../kernel/db/database.ts';
import { getCustomer360s } from '../../customers/index.ts';
import { segmentMembers } from '../segments/segment-members.ts';
import { assignArm } from '../uplift/assign-arm.ts';
import { deliverCampaignSendJob } from './deliver-campaign-send.ts';
import { getCampaign } from './get-campaign.ts';
import { localInstant } from './schedule.ts';
import type { CampaignView } from './schemas.ts';
import { nextInWindow, zoneOr } from './send-window.ts';

const PAGE = 500;

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
      for (const id of ids) {
        if (run.occurrence === 'trigger')
          await trx
            .insertInto('campaign_segment_seen')
            .values({ campaign_id: campaign.id, customer_id: id, seen_at: now })
            .onConflict((oc) => oc.doNothing())
            .execute();
        else {
          const tz = zoneOr(zones.get(id)?.timeZone);
          await createSend(
            ctx,
            trx,
            campaign,
            run.id,
            id,
            dueFor(campaign, run.occurrence, now, tz),
            now,
            tz,
          );
        }
      }
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

/**
 * One member's send in a run: the arm of the campaign's program (persistent per customer, so
 * the same customer stays in the same arm across runs), a held-out row or a pending send with its
 * delivery job at the next moment in the customer's window from `due`. Returns whether it was new.
 */
export async function createSend(
  ctx: Pick<Ctx, 'queue'>,
  trx: Transaction<Database>,
  campaign: Pick<CampaignView, 'id' | 'programId' | 'sendWindow'>,
  runId: string,
  customerId: string,
  due: Date,
  now: Date,
  tz?: string,
): Promise<boolean> {
  const arm = await assignArm(
    { db: trx },
    { programKind: 'campaign', programId: campaign.programId, customerId, at: now },
  );
  const treated = arm === 'treated';
  const plannedFor = treated
    ? nextInWindow(due, tz ?? 'UTC', campaign.sendWindow.start, campaign.sendWindow.end)
    : null;
  const sendId = uuidv7();
  const inserted = await trx
    .insertInto('campaign_send')
    .values({
      id: sendId,
      campaign_id: campaign.id,
      run_id: runId,
      customer_id: customerId,
      arm,
      status: treated ? 'pending' : 'held-out',
      planned_for: plannedFor,
      sent_at: null,
      reason: treated ? null : `${arm}: recorded as would have been contacted`,
      reason_code: treated ? null : arm,
    })
    .onConflict((oc) => oc.columns(['run_id', 'customer_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted && plannedFor)
    await ctx.queue.send(deliverCampaignSendJob, { sendId }, { trx, startAfter: plannedFor });
  return Boolean(inserted);
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
  handle: (ctx, data) => launchRun(ctx, data),
});
