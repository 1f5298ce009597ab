import type { Db } from '../../../kernel/db/pool.ts';
import { scrubText } from '../../../kernel/redact.ts';

/** Kudos that name this customer (staff wrote them about work for the customer). */
export async function exportCustomerKudos(db: Db, customerId: string) {
  return db
    .selectFrom('people_kudos')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('id')
    .execute();
}

/**
 * The kudos stay (the colleague's recognition is theirs, and counts stay true); the customer's
 * names and addresses are scrubbed out of each message.
 */
export async function eraseCustomerKudos(trx: Db, customerId: string, terms: string[]) {
  const rows = await trx
    .selectFrom('people_kudos')
    .select(['id', 'message'])
    .where('customer_id', '=', customerId)
    .execute();
  let scrubbed = 0;
  for (const r of rows) {
    const message = scrubText(r.message, terms);
    if (message === r.message) continue;
    await trx.updateTable('people_kudos').set({ message }).where('id', '=', r.id).execute();
    scrubbed += 1;
  }
  return { kudosScrubbed: scrubbed };
}
