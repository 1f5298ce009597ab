import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';

/**
 * Gives a reserved contact back to the budget when it never reached the customer (no address,
 * the mail server refused it for good): a failed attempt must not block the next real one.
 */
export async function releaseContact(
  ctx: { db: Kysely<Database> },
  customerId: string,
  reference: string,
): Promise<void> {
  await ctx.db
    .deleteFrom('contact_log')
    .where('customer_id', '=', customerId)
    .where('reference', '=', reference)
    .execute();
}
