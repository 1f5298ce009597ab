import { sql } from 'kysely';
import type { Db } from '../../../kernel/db/pool.ts';
import { ERASED } from '../../../kernel/redact.ts';

/** The customer's event invitations (with why one was not sent) and answers and check-ins. */
export async function exportCustomerEvents(db: Db, customerId: string) {
  const [invitations, attendance] = await Promise.all([
    db
      .selectFrom('loyalty_event_invitation')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('loyalty_event_attendee')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('answered_at')
      .execute(),
  ]);
  return { invitations, attendance };
}

/**
 * Arms, answers and check-in times stay (event counts and the holdout comparison stay true);
 * the reason an invitation was not sent quotes consent notes and is replaced.
 */
export async function eraseCustomerEvents(trx: Db, customerId: string) {
  const r = await sql`update loyalty_event_invitation set reason = ${ERASED}
    where customer_id = ${customerId} and reason is not null`.execute(trx);
  return { eventInvitations: Number(r.numAffectedRows ?? 0) };
}
