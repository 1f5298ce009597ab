import { sql, type Transaction } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import type { Database } from '../../../kernel/db/database.ts';
import { classifyMailFailure, getMailer } from '../../../kernel/mail.ts';
import { getSigningKey } from '../../../kernel/signed-token.ts';
import { type CustomerView, getCustomers, recordInteractions } from '../../customers/index.ts';
import { CONSENT_PURPOSES } from '../consent-model.ts';
import { buildContactLinks } from '../preference-centre/contact-links.ts';
import type { ContactRequest } from '../reserve-contact.ts';
import { reserveContacts } from '../reserve-contacts.ts';
import { setConsent } from '../set-consent.ts';
import { clickPath } from './click-links.ts';
import { composeCampaignMail } from './compose-mail.ts';
// A cycle only at run time: the job's handler calls this, this enqueues the job.
import { deliverCampaignSendJob } from './deliver-campaign-send.ts';
import { settleRun } from './launch-run.ts';
import { nextInWindow, zoneOr } from './send-window.ts';
import type { CampaignSendStatus, CampaignTables } from './tables.ts';

export type CampaignDelivery = {
  /**
   * `in-flight`: another delivery has the send in hand (its claim has not expired); `retry`: the
   * mail server failed for now, the send stays pending for the job's retry.
   */
  status: CampaignSendStatus | 'missing' | 'not-yet' | 'in-flight' | 'retry';
  reason?: string | null;
  retryAt?: Date;
};

/** How long a delivery may hold a claimed send; a claim older than this was left by a crash. */
export const CLAIM_SECONDS = 600;
/** Emails of one page in the mail server's hands at once (the pooled transport's connections). */
const MAIL_PARALLELISM = 8;

type Campaign = CampaignTables['campaign'] & { status: string; created_at: Date; kind: string };
type Claimed = { id: string; customer: CustomerView; to: string; campaign: Campaign; reference: string };
type Mailed =
  | { send: Claimed; outcome: 'sent'; at: Date }
  | { send: Claimed; outcome: 'failed'; reason: string; hardBounce: boolean }
  | { send: Claimed; outcome: 'retry'; reason: string };

/**
 * Delivers a page of campaign sends. One transaction locks the page's sends and reads their
 * campaigns and customers in a few statements, checks each send's local window again (a job may
 * run early or late), reserves the contacts through the one check and the shared budget
 * (`reserveContacts`: refusals kept with their rule), and claims the sends it will mail. Then the
 * emails go out over the pooled transport, a few at a time, each with the Message-ID derived
 * from its send; then one transaction records every outcome: sent, failed (a 5xx: the contact is
 * given back, the address marked undeliverable) or, for a transient error, pending again with its
 * contact given back. One bad address never fails the page. A send another delivery has claimed
 * is left alone (`in-flight`), so a duplicate or retried job never mails twice; a claim left by a
 * crash expires after CLAIM_SECONDS and the retry mails it, with the same Message-ID.
 */
export async function deliverCampaignSends(
  ctx: Ctx,
  sendIds: readonly string[],
): Promise<Map<string, CampaignDelivery>> {
  const ids = [...new Set(sendIds)];
  const results = new Map<string, CampaignDelivery>();
  const now = ctx.clock.now();
  const claimed = await ctx.db.transaction().execute((trx) => claimPage(ctx, trx, ids, now, results));
  const mailed = await mailAll(ctx, claimed, now);
  const at = ctx.clock.now();
  await ctx.db.transaction().execute((trx) => recordOutcomes(trx, mailed, at));
  for (const m of mailed) {
    if (m.outcome === 'sent') results.set(m.send.id, { status: 'sent' });
    else results.set(m.send.id, { status: m.outcome, reason: m.reason });
  }
  const sent = mailed.filter((m) => m.outcome === 'sent');
  await recordInteractions(
    ctx,
    sent.map(({ send }) => ({
      customer: { id: send.customer.id },
      source: 'outreach',
      sourceId: send.reference,
      channel: 'email',
      kind: 'campaign-sent',
      direction: 'outbound',
      occurredAt: at,
      subject: `Campaign sent: ${send.campaign.name}`,
      properties: { campaignId: send.campaign.id, sendId: send.id },
    })),
  );
  for (const m of mailed) {
    if (m.outcome !== 'failed' || !m.hardBounce) continue;
    // Nothing else may try this address: every email purpose refused, on the timeline like any change.
    await setConsent(ctx, {
      customerId: m.send.customer.id,
      cells: CONSENT_PURPOSES.map((purpose) => ({
        channel: 'email' as const,
        purpose,
        state: 'refused' as const,
      })),
      source: 'bounce',
      recordedBy: 'system',
      note: m.reason.slice(0, 1000),
    });
  }
  const runs = await ctx.db
    .selectFrom('campaign_send')
    .select('run_id')
    .distinct()
    .where('id', 'in', ids.length > 0 ? ids : [''])
    .execute();
  for (const { run_id } of runs) await settleRun(ctx, run_id);
  return results;
}

/** The page's first transaction: decide every send, claim the ones to mail. */
async function claimPage(
  ctx: Ctx,
  trx: Transaction<Database>,
  ids: string[],
  now: Date,
  results: Map<string, CampaignDelivery>,
): Promise<Claimed[]> {
  if (ids.length === 0) return [];
  // In id order, so two deliveries of overlapping pages lock in the same order.
  const rows = (
    await sql<{
      id: string;
      customer_id: string;
      campaign_id: string;
      status: CampaignSendStatus;
      reason: string | null;
      planned_for: Date | null;
      claimed_until: Date | null;
    }>`
      select id, customer_id, campaign_id, status, reason, planned_for, claimed_until from campaign_send
      where id = any(${ids}::uuid[]) order by id for update`.execute(trx)
  ).rows;
  for (const id of ids) results.set(id, { status: 'missing' });
  const open = rows.filter((r) => {
    if (r.status !== 'pending') results.set(r.id, { status: r.status, reason: r.reason });
    else if (r.claimed_until && r.claimed_until.getTime() > now.getTime())
      results.set(r.id, { status: 'in-flight' });
    else return true;
    return false;
  });
  if (open.length === 0) return [];
  const [campaigns, customers] = await Promise.all([
    trx
      .selectFrom('campaign')
      .selectAll()
      .where('id', 'in', [...new Set(open.map((r) => r.campaign_id))])
      .execute(),
    getCustomers(
      { db: trx },
      open.map((r) => r.customer_id),
    ),
  ]);
  const campaignOf = new Map(campaigns.map((c) => [c.id, c as Campaign]));
  const finished: { id: string; status: 'skipped'; code: string; reason: string }[] = [];
  const later: { id: string; due: Date }[] = [];
  const asking: { row: (typeof open)[number]; customer: CustomerView; to: string; campaign: Campaign }[] = [];
  for (const row of open) {
    const campaign = campaignOf.get(row.campaign_id) as Campaign;
    const customer = customers.get(row.customer_id) as CustomerView;
    // Never before the send's planned time (a trigger's delay), and then only inside the window.
    const from = row.planned_for && row.planned_for.getTime() > now.getTime() ? row.planned_for : now;
    const due = nextInWindow(from, zoneOr(customer.timeZone), campaign.window_start, campaign.window_end);
    const to = customer.emails[0];
    if (due.getTime() > now.getTime()) later.push({ id: row.id, due });
    else if (!to)
      finished.push({ id: row.id, status: 'skipped', code: 'no-address', reason: 'no email address' });
    else asking.push({ row, customer, to, campaign });
  }
  const requests: ContactRequest[] = asking.map((a) => ({
    customerId: a.row.customer_id,
    purpose: a.campaign.purpose,
    channel: 'email',
    reference: `campaign-send:${a.row.id}`,
  }));
  const decisions = await reserveContacts(trx, now, requests);
  const claimed: Claimed[] = [];
  asking.forEach((a, i) => {
    const d = decisions[i];
    if (d && !d.allowed) finished.push({ id: a.row.id, status: 'skipped', code: d.code, reason: d.reason });
    else
      claimed.push({
        id: a.row.id,
        customer: a.customer,
        to: a.to,
        campaign: a.campaign,
        reference: requests[i]?.reference as string,
      });
  });
  await finishSends(trx, finished);
  for (const f of finished) results.set(f.id, { status: f.status, reason: f.reason });
  if (later.length > 0) {
    await sql`
      update campaign_send s set planned_for = u.due
      from unnest(${later.map((l) => l.id)}::uuid[], ${later.map((l) => l.due.toISOString())}::timestamptz[]) as u(id, due)
      where s.id = u.id`.execute(trx);
    await ctx.queue.sendMany(
      deliverCampaignSendJob,
      later.map((l) => ({ data: { sendId: l.id }, startAfter: l.due })),
      { trx },
    );
    for (const l of later) results.set(l.id, { status: 'not-yet', retryAt: l.due });
  }
  if (claimed.length > 0) {
    await trx
      .updateTable('campaign_send')
      .set({ claimed_until: new Date(now.getTime() + CLAIM_SECONDS * 1000) })
      .where(
        'id',
        'in',
        claimed.map((c) => c.id),
      )
      .execute();
  }
  return claimed;
}

/** Renders and mails the claimed sends, MAIL_PARALLELISM at a time; never throws. */
async function mailAll(ctx: Ctx, claimed: Claimed[], now: Date): Promise<Mailed[]> {
  if (claimed.length === 0) return [];
  const signingKey = await getSigningKey(ctx);
  const mailer = getMailer(ctx.config);
  const out: Mailed[] = [];
  let next = 0;
  const lane = async () => {
    for (let send = claimed[next++]; send; send = claimed[next++]) {
      try {
        const links = await buildContactLinks(
          ctx,
          { customerId: send.customer.id, purpose: send.campaign.purpose },
          now,
          signingKey,
        );
        const sendId = send.id;
        const mail = await composeCampaignMail(
          ctx,
          send.campaign,
          send.customer,
          links,
          (i) => `${ctx.config.publicUrl}${clickPath(signingKey, sendId, i, now)}`,
        );
        await mailer.send({
          to: send.to,
          ...mail,
          messageId: `<${send.id}@tenure.campaign>`,
          headers: links.headers,
        });
        out.push({ send, outcome: 'sent', at: ctx.clock.now() });
      } catch (err) {
        const { permanent, hardBounce, reason } = classifyMailFailure(err);
        out.push(
          permanent ? { send, outcome: 'failed', reason, hardBounce } : { send, outcome: 'retry', reason },
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(MAIL_PARALLELISM, claimed.length) }, lane));
  return out;
}

/**
 * The page's second transaction: sent sends marked sent; a failed or retried send gives its
 * contact back (it never reached the customer); a retried one is pending and unclaimed again.
 */
async function recordOutcomes(trx: Transaction<Database>, mailed: Mailed[], at: Date): Promise<void> {
  const sent = mailed.filter((m) => m.outcome === 'sent').map((m) => m.send.id);
  if (sent.length > 0) {
    await trx
      .updateTable('campaign_send')
      .set({ status: 'sent', sent_at: at, reason: null, claimed_until: null })
      .where('id', 'in', sent)
      .execute();
  }
  const undone = mailed.filter((m) => m.outcome !== 'sent');
  if (undone.length === 0) return;
  await sql`
    delete from contact_log l using unnest(${undone.map((m) => m.send.customer.id)}::uuid[],
      ${undone.map((m) => m.send.reference)}::text[]) as u(customer_id, reference)
    where l.customer_id = u.customer_id and l.reference = u.reference`.execute(trx);
  await finishSends(
    trx,
    undone.flatMap((m) =>
      m.outcome === 'failed'
        ? [{ id: m.send.id, status: 'failed' as const, code: 'smtp', reason: m.reason }]
        : [],
    ),
  );
  const retried = undone.filter((m) => m.outcome === 'retry').map((m) => m.send.id);
  if (retried.length > 0) {
    await trx.updateTable('campaign_send').set({ claimed_until: null }).where('id', 'in', retried).execute();
  }
}

/** Final statuses with their reason, in one statement. */
async function finishSends(
  trx: Transaction<Database>,
  rows: { id: string; status: 'skipped' | 'failed'; code: string; reason: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    update campaign_send s set status = u.status, reason = u.reason, reason_code = u.code, claimed_until = null
    from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.status)}::text[],
      ${rows.map((r) => r.reason)}::text[], ${rows.map((r) => r.code)}::text[]) as u(id, status, reason, code)
    where s.id = u.id`.execute(trx);
}
