import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import type { Database } from '../../../kernel/db/database.ts';
import type { Db } from '../../../kernel/db/pool.ts';
import { sendIntroEmailJob } from './send-intro-email.ts';

export type IntroTemplate = { subject: string; body: string };

/**
 * Writes one introduction email per moved customer and queues its delivery, in the transaction
 * that moves them: the email exists exactly when the move does (a rolled-back move sends nothing,
 * a committed one is delivered even if the server stops right after).
 */
export async function queueIntroEmails(
  ctx: Pick<Ctx, 'clock' | 'queue'>,
  trx: Db,
  move: { fromStaffId: string; toStaffId: string; customerIds: string[] },
  template: IntroTemplate,
): Promise<void> {
  if (!move.customerIds.length) return;
  const now = ctx.clock.now();
  const rows = move.customerIds.map((customerId) => ({
    id: uuidv7(),
    customer_id: customerId,
    from_staff_id: move.fromStaffId,
    to_staff_id: move.toStaffId,
    subject: template.subject,
    body: template.body,
    created_at: now,
  }));
  await trx.insertInto('people_intro_email').values(rows).execute();
  // assignOwner hands its transaction over as a Db; the queue needs to know it is one.
  const tx = trx as Transaction<Database>;
  for (const r of rows) await ctx.queue.send(sendIntroEmailJob, { introId: r.id }, { trx: tx });
}
