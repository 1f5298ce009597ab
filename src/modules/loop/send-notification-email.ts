import type { Ctx } from '../../kernel/context.ts';
import { defineJob } from '../../kernel/context.ts';
import { getMailer } from '../../kernel/mail.ts';

/**
 * Sends one email notification. `sent_at` makes a rerun a no-op; the fixed Message-ID lets a mail
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
      text: `Hello ${n.name},\n\n${n.body}\n\n— Tenure`,
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
