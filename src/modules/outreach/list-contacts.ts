import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';

/** The contacts the budget counted for a customer, newest first. */
export async function listContacts(ctx: { db: Kysely<Database> }, customerId: string, limit: number) {
  const rows = await ctx.db
    .selectFrom('contact_log')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    purpose: r.purpose,
    channel: r.channel,
    reference: r.reference,
    reminderOf: r.reminder_of,
    at: r.at,
  }));
}
