import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { defineJob } from '../../../kernel/context.ts';
import { classifyMailFailure, getMailer, mailJobSettings } from '../../../kernel/mail.ts';
import { getSigningKey } from '../../../kernel/signed-token.ts';
import { getCustomer, recordInteractions } from '../../customers/index.ts';
import { CONSENT_PURPOSES } from '../consent-model.ts';
import { buildContactLinks } from '../preference-centre/contact-links.ts';
import { releaseContact } from '../release-contact.ts';
import { reserveContact } from '../reserve-contact.ts';
import { setConsent } from '../set-consent.ts';
import { clickPath } from './click-links.ts';
import { composeCampaignMail } from './compose-mail.ts';
import { settleRun } from './launch-run.ts';
import { nextInWindow, zoneOr } from './send-window.ts';
import type { CampaignSendStatus } from './tables.ts';

export type CampaignDelivery = {
  status: CampaignSendStatus | 'missing' | 'not-yet';
  reason?: string | null;
  retryAt?: Date;
};

/**
 * Delivers one campaign send in one transaction holding the send's row lock: checks the local
 * window again (a job may run early or late), reserves the contact through the one check and the
 * shared budget (a refusal is kept with its rule), mails over SMTP with a Message-ID derived from
 * the send, and marks it sent. A duplicate job waits on the lock and finds it done; a crash rolls
 * back, so a retry starts clean and carries the same Message-ID. A 5xx refusal fails the send,
 * gives the contact back and marks the address undeliverable (email refused, source 'bounce').
 */
export async function deliverCampaignSend(ctx: Ctx, ref: { sendId: string }): Promise<CampaignDelivery> {
  const signingKey = await getSigningKey(ctx);
  type Outcome = CampaignDelivery & {
    sent?: { customerId: string; at: Date; campaign: { id: string; name: string; subject: string } };
    bounced?: { customerId: string; reason: string };
  };
  const result = await ctx.db.transaction().execute(async (trx): Promise<Outcome> => {
    const send = (
      await sql<{
        id: string;
        customer_id: string;
        campaign_id: string;
        status: CampaignSendStatus;
        reason: string | null;
        planned_for: Date | null;
      }>`
        select id, customer_id, campaign_id, status, reason, planned_for from campaign_send where id = ${ref.sendId} for update`.execute(
        trx,
      )
    ).rows[0];
    if (!send) return { status: 'missing' };
    if (send.status !== 'pending') return { status: send.status, reason: send.reason };
    const finish = async (status: 'skipped' | 'failed', code: string, reason: string) => {
      await trx
        .updateTable('campaign_send')
        .set({ status, reason, reason_code: code })
        .where('id', '=', ref.sendId)
        .execute();
      return { status, reason };
    };
    const campaign = await trx
      .selectFrom('campaign')
      .selectAll()
      .where('id', '=', send.campaign_id)
      .executeTakeFirstOrThrow();
    const customer = await getCustomer({ db: trx }, send.customer_id);
    const now = ctx.clock.now();
    // Never before the send's planned time (a trigger's delay), and then only inside the window.
    const from = send.planned_for && send.planned_for.getTime() > now.getTime() ? send.planned_for : now;
    const due = nextInWindow(from, zoneOr(customer.timeZone), campaign.window_start, campaign.window_end);
    if (due.getTime() > now.getTime()) {
      await trx.updateTable('campaign_send').set({ planned_for: due }).where('id', '=', ref.sendId).execute();
      await ctx.queue.send(deliverCampaignSendJob, ref, { trx, startAfter: due });
      return { status: 'not-yet', retryAt: due };
    }
    const to = customer.emails[0];
    if (!to) return finish('skipped', 'no-address', 'no email address');
    const reference = `campaign-send:${ref.sendId}`;
    const decision = await reserveContact(
      { db: trx, clock: ctx.clock },
      { customerId: send.customer_id, purpose: campaign.purpose, channel: 'email', reference },
    );
    if (!decision.allowed) return finish('skipped', decision.code, decision.reason);

    const links = await buildContactLinks(
      ctx,
      { customerId: send.customer_id, purpose: campaign.purpose },
      now,
      signingKey,
    );
    const mail = await composeCampaignMail(
      { db: trx, clock: ctx.clock },
      campaign,
      customer,
      links,
      (i) => `${ctx.config.publicUrl}${clickPath(signingKey, ref.sendId, i, now)}`,
    );
    try {
      await getMailer(ctx.config).send({
        to,
        ...mail,
        messageId: `<${ref.sendId}@tenure.campaign>`,
        headers: links.headers,
      });
    } catch (err) {
      const { permanent, hardBounce, reason } = classifyMailFailure(err);
      // Transient: roll back (the reservation too) and let the job retry.
      if (!permanent) throw new Error(reason);
      await releaseContact({ db: trx }, send.customer_id, reference);
      const failed = await finish('failed', 'smtp', reason);
      const bounced = hardBounce ? { customerId: send.customer_id, reason } : undefined;
      return { ...failed, ...(bounced && { bounced }) };
    }
    const at = ctx.clock.now();
    await trx
      .updateTable('campaign_send')
      .set({ status: 'sent', sent_at: at, reason: null })
      .where('id', '=', ref.sendId)
      .execute();
    return { status: 'sent', sent: { customerId: send.customer_id, at, campaign } };
  });
  if (result.bounced) {
    // Nothing else may try this address: every email purpose refused, on the timeline like any change.
    await setConsent(ctx, {
      customerId: result.bounced.customerId,
      cells: CONSENT_PURPOSES.map((purpose) => ({
        channel: 'email' as const,
        purpose,
        state: 'refused' as const,
      })),
      source: 'bounce',
      recordedBy: 'system',
      note: result.bounced.reason.slice(0, 1000),
    });
  }
  if (result.sent) {
    const { sent } = result;
    await recordInteractions(ctx, [
      {
        customer: { id: sent.customerId },
        source: 'outreach',
        sourceId: `campaign-send:${ref.sendId}`,
        channel: 'email',
        kind: 'campaign-sent',
        direction: 'outbound',
        occurredAt: sent.at,
        subject: `Campaign sent: ${sent.campaign.name}`,
        properties: { campaignId: sent.campaign.id, sendId: ref.sendId },
      },
    ]);
  }
  const run = await ctx.db
    .selectFrom('campaign_send')
    .select('run_id')
    .where('id', '=', ref.sendId)
    .executeTakeFirst();
  if (run) await settleRun(ctx, run.run_id);
  return {
    status: result.status,
    ...(result.reason !== undefined && { reason: result.reason }),
    ...(result.retryAt && { retryAt: result.retryAt }),
  };
}

export const deliverCampaignSendJob = defineJob<{ sendId: string }>({
  name: 'outreach.deliver-campaign-send',
  retryLimit: 6,
  ...mailJobSettings,
  handle: (ctx, data) => deliverCampaignSend(ctx, data),
});
