import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { defineJob } from '../../../kernel/context.ts';
import { classifyMailFailure, getMailer, mailJobSettings } from '../../../kernel/mail.ts';
import { getSigningKey } from '../../../kernel/signed-token.ts';
import { getCustomer, recordInteractions } from '../../customers/index.ts';
import {
  buildContactLinks,
  releaseContact,
  renderTemplate,
  reserveContact,
  textToHtml,
} from '../../outreach/index.ts';

/** Counted under this purpose in the contact budget; consent asks 'marketing'. */
export const TIER_MAIL_PURPOSE = 'tier';

export type TierMailRef = { customerId: string; changeId: number };
export type TierMail = { status: 'sent' | 'skipped' | 'failed' | 'not-needed'; reason?: string };

/**
 * Emails a customer who moved into a tier with a template, holding the mail row's lock: the one
 * check and the contact budget (reserveContact; a refusal is kept on the row with its reason),
 * the tier's Liquid subject and body with the preference and unsubscribe links, SMTP with a
 * Message-ID derived from the change (a retry after a crash carries the same one), then 'sent'
 * and a `tier-email` entry on the timeline.
 */
export async function mailTierChange(ctx: Ctx, ref: TierMailRef): Promise<TierMail> {
  const key = await getSigningKey(ctx);
  const reference = `tier-change:${ref.changeId}`;
  const r = await ctx.db.transaction().execute(async (trx): Promise<TierMail & { subject?: string }> => {
    const row = (
      await sql<{ status: string; tier_id: string }>`select status, tier_id from loyalty_tier_email
        where customer_id = ${ref.customerId} and change_id = ${ref.changeId} for update`.execute(trx)
    ).rows[0];
    if (!row || row.status !== 'pending') return { status: 'not-needed' };
    const finish = async (status: 'skipped' | 'failed', reason: string) => {
      await trx
        .updateTable('loyalty_tier_email')
        .set({ status, reason })
        .where('customer_id', '=', ref.customerId)
        .where('change_id', '=', ref.changeId)
        .execute();
      return { status, reason };
    };
    const tier = await trx
      .selectFrom('loyalty_tier')
      .selectAll()
      .where('id', '=', row.tier_id)
      .executeTakeFirst();
    if (!tier?.email_subject || !tier.email_body) return finish('skipped', 'the tier no longer has an email');
    const change = await trx
      .selectFrom('loyalty_tier_change as c')
      .leftJoin('loyalty_tier as f', 'f.id', 'c.from_tier_id')
      .select(['f.name as fromName', 'f.rank as fromRank'])
      .where('c.customer_id', '=', ref.customerId)
      .where('c.id', '=', ref.changeId)
      .executeTakeFirst();
    const customer = await getCustomer({ db: trx }, ref.customerId);
    const to = customer.emails[0];
    if (!to) return finish('skipped', 'no email address');
    const decision = await reserveContact(
      { db: trx, clock: ctx.clock },
      { customerId: ref.customerId, purpose: TIER_MAIL_PURPOSE, channel: 'email', reference },
    );
    if (!decision.allowed) return finish('skipped', decision.reason);
    const name = (customer.name ?? '').trim();
    const vars = {
      customer: { name, firstName: name.split(/\s+/)[0] ?? '', email: to },
      lastPurchase: null,
      owner: null,
      tier: {
        name: tier.name,
        previous: change?.fromName ?? '',
        direction: (change?.fromRank ?? 0) < tier.rank ? 'up' : 'down',
      },
    };
    const now = ctx.clock.now();
    const links = await buildContactLinks(
      ctx,
      { customerId: ref.customerId, purpose: TIER_MAIL_PURPOSE },
      now,
      key,
    );
    const subject = (await renderTemplate(tier.email_subject, vars))
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 300);
    const text = [
      await renderTemplate(tier.email_body, vars),
      '',
      '--',
      `Manage your email preferences: ${links.preferencesUrl}`,
      `Unsubscribe from these emails: ${links.unsubscribeUrl}`,
      '',
    ].join('\n');
    try {
      await getMailer(ctx.config).send({
        to,
        subject,
        text,
        html: textToHtml(text),
        messageId: `<tier-change-${ref.changeId}@tenure.tier>`,
        headers: links.headers,
      });
    } catch (err) {
      const { permanent, reason } = classifyMailFailure(err);
      // Transient: roll back (the reservation too) and let the job retry.
      if (!permanent) throw new Error(reason);
      await releaseContact({ db: trx }, ref.customerId, reference);
      return finish('failed', reason);
    }
    await trx
      .updateTable('loyalty_tier_email')
      .set({ status: 'sent', sent_at: ctx.clock.now(), reason: null })
      .where('customer_id', '=', ref.customerId)
      .where('change_id', '=', ref.changeId)
      .execute();
    return { status: 'sent', subject };
  });
  if (r.status === 'sent') {
    await recordInteractions(ctx, [
      {
        customer: { id: ref.customerId },
        source: 'loyalty-tier',
        sourceId: `tier-email:${ref.changeId}`,
        channel: 'email',
        kind: 'tier-email',
        direction: 'outbound',
        occurredAt: ctx.clock.now(),
        subject: r.subject ?? 'Tier email',
        properties: { changeId: ref.changeId },
      },
    ]);
  }
  return { status: r.status, ...(r.reason !== undefined && { reason: r.reason }) };
}

/** Mails a batch of tier changes, one transaction each (a retry finds the sent ones done). */
export const mailTierChangesJob = defineJob<{ refs: TierMailRef[] }>({
  name: 'loyalty.mail-tier-changes',
  retryLimit: 6,
  ...mailJobSettings,
  handle: async (ctx, data) => {
    for (const ref of data.refs) await mailTierChange(ctx, ref);
  },
});
