import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { nextInWindow, zoneOr } from '../campaigns/send-window.ts';
import { checkTemplate } from '../campaigns/template.ts';
import { assignOffer } from '../offers/assign-offer.ts';
import type { Definition } from '../segments/definition.ts';
import { segmentQuery } from '../segments/segment-query.ts';
import type { Arm } from '../tables.ts';
import { assignArms } from '../uplift/assign-arm.ts';
import { checkSendWindowInZone } from './check-send-window.ts';
import { chooseWinbackChannel, type WinbackCandidate } from './choose-winback-channel.ts';
import { deliverWinbackEmailJob } from './deliver-winback-email.ts';
import { getWinbackResults } from './get-winback-results.ts';
import { getWinbackSettings } from './get-winback-settings.ts';
import { listWinbackItems } from './list-winback-items.ts';
import type { WinbackPlanItem, WinbackRunView, WinbackSettings } from './schemas.ts';
import { WINBACK_PROGRAM_ID } from './tables.ts';

type RunOptions = { dryRun: boolean; limit: number; trigger: 'schedule' | 'manual'; by: string | null };
/** Thrown to roll a dry run's transaction back, carrying what it would have done. */
class DryRun extends Error {
  view: WinbackRunView;
  constructor(view: WinbackRunView) {
    super('dry run');
    this.view = view;
  }
}

/** Lapsed by P(alive) or status, or the chosen segment instead. */
const targetOf = (s: WinbackSettings) => {
  if (s.segmentId) return { segmentId: s.segmentId };
  const conditions: Definition['conditions'] = [];
  if (s.pAliveBelow !== null) conditions.push({ field: 'pAlive', op: 'lt', value: s.pAliveBelow });
  if (s.includeLapsed) conditions.push({ field: 'status', op: 'is', value: 'lapsed' });
  return { definition: { match: 'any', conditions } as Definition };
};

async function candidates(ctx: Pick<Ctx, 'db' | 'clock'>, s: WinbackSettings, limit: number) {
  const q = await segmentQuery(ctx, targetOf(s));
  const since = new Date(ctx.clock.now().getTime() - s.cooldownDays * 86_400_000);
  const rows = await sql<{
    id: string;
    name: string | null;
    email: string | null;
    phone: string | null;
    has_address: boolean;
    time_zone: string | null;
  }>`
    select ${q.id} as id, c.name, c.emails[1] as email, c.phones[1] as phone,
      c.address is not null as has_address, c.time_zone
    from ${q.from} where ${q.where}
      and not exists (select 1 from winback_contact w where w.customer_id = c.id and w.eligible_at > ${since})
    order by 1 limit ${limit}`.execute(ctx.db);
  return rows.rows.map((r): WinbackCandidate => ({ ...r, hasAddress: r.has_address, timeZone: r.time_zone }));
}

/**
 * One run of the win-back play: today's lapsed customers not in a run within the cooldown, each
 * given an arm of the win-back program; held-out ones recorded as "would have been contacted",
 * the others contacted by the first channel the one check allows — an email in their local
 * window (a durable job) or a rep's task — or recorded with every refusal. One transaction with
 * its jobs. A dry run is the same transaction rolled back, so it tells exactly what a run would do.
 * A scheduled run happens once per UTC day (a second is the first one's view).
 */
export async function runWinback(ctx: Ctx, opts: RunOptions): Promise<WinbackRunView> {
  const s = await getWinbackSettings(ctx);
  checkTemplate('subject', s.subject);
  checkTemplate('body', s.body);
  checkSendWindowInZone(s.sendWindow.start, s.sendWindow.end, s.defaultTimeZone, ctx.clock.now());
  if (opts.trigger === 'schedule' && !s.active)
    throw new AppError('conflict', 'win-back is not active: turn it on in its settings');
  const now = ctx.clock.now();
  const found = await candidates(ctx, s, opts.limit);
  const runId = uuidv7();
  try {
    const taskIds = await ctx.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto('winback_run')
        .values({
          id: runId,
          trigger: opts.trigger,
          day: now.toISOString().slice(0, 10),
          started_at: now,
          reactivation_days: s.reactivationDays,
          started_by: opts.by,
        })
        .onConflict((oc) => oc.column('day').where('trigger', '=', 'schedule').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!claimed) throw new AppError('conflict', "today's scheduled win-back run has already happened");
      const tctx = { db: trx, clock: ctx.clock };
      const tasks: string[] = [];
      const emails: { data: { contactId: string }; startAfter: Date }[] = [];
      // Everyone's arm in one statement; the channel is chosen one by one (each reserves a contact).
      const arms = await assignArms(tctx, {
        programKind: 'win-back',
        programId: WINBACK_PROGRAM_ID,
        customerIds: found.map((c) => c.id),
        at: now,
      });
      for (const c of found) {
        const arm = arms.get(c.id) as Arm;
        const plannedFor = nextInWindow(
          now,
          zoneOr(c.timeZone ?? s.defaultTimeZone),
          s.sendWindow.start,
          s.sendWindow.end,
        );
        const row = {
          id: uuidv7(),
          run_id: runId,
          customer_id: c.id,
          arm,
          eligible_at: now,
          offer_code: null,
        };
        if (arm !== 'treated') {
          await trx
            .insertInto('winback_contact')
            .values({
              ...row,
              channel: null,
              status: 'held-out',
              reason: `${arm}: would have been contacted`,
            })
            .execute();
          continue;
        }
        const reference = `win-back:${runId}`;
        const { channel, reason } = await chooseWinbackChannel(tctx, c, {
          reference,
          at: plannedFor,
          record: !opts.dryRun,
        });
        const status = !channel ? 'no-channel' : channel === 'email' ? 'pending' : 'task';
        await trx
          .insertInto('winback_contact')
          .values({ ...row, channel, status, reason, planned_for: channel ? plannedFor : null })
          .execute();
        if (status === 'pending') emails.push({ data: { contactId: row.id }, startAfter: plannedFor });
        if (status === 'task') tasks.push(row.id);
      }
      await ctx.queue.sendMany(deliverWinbackEmailJob, emails, { trx });
      const results = await getWinbackResults({ db: trx }, runId);
      await trx
        .updateTable('winback_run')
        .set({ summary: JSON.stringify(results) })
        .where('id', '=', runId)
        .execute();
      if (opts.dryRun) throw new DryRun(await viewOf({ db: trx }, runId, opts, now, s.reactivationDays));
      return tasks;
    });
    if (s.offerId && taskIds.length) await giveOffers(ctx, s.offerId, taskIds);
  } catch (e) {
    if (e instanceof DryRun) return e.view;
    throw e;
  }
  return viewOf(ctx, runId, opts, now, s.reactivationDays);
}

/** A rep's task carries the offer's code to read out; giving is idempotent per customer and offer. */
async function giveOffers(ctx: Ctx, offerId: string, contactIds: string[]) {
  const rows = await ctx.db
    .selectFrom('winback_contact')
    .select(['id', 'customer_id'])
    .where('id', 'in', contactIds)
    .execute();
  const given = await assignOffer(
    ctx,
    offerId,
    rows.map((r) => r.customer_id),
  );
  for (const r of rows) {
    const code = given.find((g) => g.customerId === r.customer_id)?.code ?? null;
    if (code)
      await ctx.db.updateTable('winback_contact').set({ offer_code: code }).where('id', '=', r.id).execute();
  }
}

async function viewOf(
  ctx: Pick<Ctx, 'db'>,
  runId: string,
  opts: RunOptions,
  startedAt: Date,
  reactivationDays: number,
): Promise<WinbackRunView> {
  const items: WinbackPlanItem[] = await listWinbackItems(ctx, runId, { limit: 200 });
  return {
    id: opts.dryRun ? null : runId,
    dryRun: opts.dryRun,
    trigger: opts.trigger,
    startedAt,
    reactivationDays,
    results: await getWinbackResults(ctx, runId),
    items,
  };
}
