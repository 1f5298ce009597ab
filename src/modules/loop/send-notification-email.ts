import type { Ctx } from '../../kernel/context.ts';
import { defineJob } from '../../kernel/context.ts';
import { getMailer } from '../../kernel/mail.ts';

/** Where to act on it: the case (or customer) in the web UI, and the reader's notifications. */
function linksOf(base: string, n: { case_id: string | null; customer_id: string | null }): string {
  const lines = [];
  if (n.case_id) lines.push(`Open the case: ${base}/my-work/cases/${n.case_id}`);
  else if (n.customer_id) lines.push(`Open the customer: ${base}/customers/${n.customer_id}`);
  lines.push(`All your notifications: ${base}/notifications`);
  return lines.join('\n');
}

/**
 * Sends one email notification, with links into the web UI (TENURE_PUBLIC_URL). `sent_at` makes a rerun a no-op; the fixed Message-ID lets a mail
 * server recognise the rare resend after a crash between hand-off and recording it.
 */
export async function sendNotificationEmail(
  ctx: Pick<Ctx, 'db' | 'config' | 'clock'>,
  id: string,
): Promise<'sent' | 'skipped'> {
  const n = await ctx.db
    .selectFrom('notification')
    .innerJoin('staff', 'staff.id', 'notification.recipient_id')
    .select([
      'notification.id',
      'notification.title',
      'notification.body',
      'notification.sent_at',
      'notification.case_id',
      'notification.customer_id',
      'staff.email',
      'staff.name',
    ])
    .where('notification.id', '=', id)
    .where('notification.channel', '=', 'email')
    .executeTakeFirst();
  if (!n || n.sent_at) return 'skipped';
  try {
    await getMailer(ctx.config).send({
      to: n.email,
      subject: n.title,
      text: `Hello ${n.name},\n\n${n.body}\n\n${linksOf(ctx.config.publicUrl, n)}\n\n— Tenure`,
      messageId: `<notification-${n.id}@tenure>`,
    });
  } catch (err) {
    await ctx.db
      .updateTable('notification')
      .set({ error: (err as Error).message })
      .where('id', '=', id)
      .execute();
    throw err;
  }
  await ctx.db
    .updateTable('notification')
    .set({ sent_at: ctx.clock.now(), error: null })
    .where('id', '=', id)
    .execute();
  return 'sent';
}

export const sendNotificationEmailJob = defineJob<{ id: string }>({
  name: 'loop.send-notification-email',
  retryLimit: 5,
  notify: true,
  pollingIntervalSeconds: 0.5,
  // As many as the kernel's pooled SMTP transport keeps connections.
  localConcurrency: 5,
  expireInSeconds: 30,
  handle: (ctx, data) => sendNotificationEmail(ctx, data.id),
});
