import type { Db } from '../../../kernel/db/pool.ts';

/** Introduction emails from a new rep to this customer: template, status, when. */
export async function exportCustomerIntroEmails(db: Db, customerId: string) {
  return db
    .selectFrom('people_intro_email')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('id')
    .execute();
}

/**
 * The rows hold no personal data beyond the customer id (the template, not the rendered text),
 * so sent ones stay for the counts; pending ones are removed, so an erased customer is never
 * emailed afterwards (their job then finds nothing).
 */
export async function eraseCustomerIntroEmails(trx: Db, customerId: string) {
  const r = await trx
    .deleteFrom('people_intro_email')
    .where('customer_id', '=', customerId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return { introEmailsCancelled: Number(r.numDeletedRows) };
}
