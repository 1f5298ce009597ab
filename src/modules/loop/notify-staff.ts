import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../kernel/context.ts';
import type { Database } from '../../kernel/db/database.ts';
import { type DueFormatter, dueIn } from './case-text.ts';
import { sendNotificationEmailJob } from './send-notification-email.ts';

export type StaffNotice = {
  recipientId: string;
  customerId: string | null;
  caseId: string | null;
  kind: string;
  /** Text, or text with deadlines written in the reader's time zone (their staff profile's). */
  title: string | ((when: DueFormatter) => string);
  body: string | ((when: DueFormatter) => string);
  channels: ('in-app' | 'email')[];
  /** Names this notice (e.g. `<case>:<cycle>:assigned:<staff>`): a retry never notifies twice. */
  dedupeKey: string;
};

/**
 * Notifies a staff member in the app and/or by email, inside the caller's transaction: the in-app
 * row and the email job exist exactly when the case change that caused them commits.
 */
export async function notifyStaff(
  ctx: Pick<Ctx, 'queue'>,
  trx: Transaction<Database>,
  n: StaffNotice,
): Promise<number> {
  if (n.channels.length === 0) return 0;
  let when: DueFormatter = dueIn('UTC');
  if (typeof n.title === 'function' || typeof n.body === 'function') {
    const reader = await trx
      .selectFrom('staff')
      .select('time_zone')
      .where('id', '=', n.recipientId)
      .executeTakeFirst();
    when = dueIn(reader?.time_zone ?? 'UTC');
  }
  const title = typeof n.title === 'function' ? n.title(when) : n.title;
  const body = typeof n.body === 'function' ? n.body(when) : n.body;
  // Every channel's row in one statement; a row already there (a retry) comes back as nothing.
  const rows = await trx
    .insertInto('notification')
    .values(
      n.channels.map((channel) => ({
        id: uuidv7(),
        recipient_id: n.recipientId,
        customer_id: n.customerId,
        case_id: n.caseId,
        channel,
        kind: n.kind,
        title,
        body,
        dedupe_key: `${n.dedupeKey}:${channel}`,
        // An in-app notice is delivered by being committed.
        sent_at: channel === 'in-app' ? new Date() : null,
      })),
    )
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning(['id', 'channel'])
    .execute();
  for (const row of rows) {
    if (row.channel === 'email') await ctx.queue.send(sendNotificationEmailJob, { id: row.id }, { trx });
  }
  return rows.length;
}
