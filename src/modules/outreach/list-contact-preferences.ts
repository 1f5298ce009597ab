import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';

/** A customer's recorded consents and opt-outs. */
export async function listContactPreferences(ctx: { db: Kysely<Database> }, customerId: string) {
  const rows = await ctx.db
    .selectFrom('contact_preference')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('purpose')
    .orderBy('channel')
    .execute();
  return rows.map((r) => ({
    purpose: r.purpose,
    channel: r.channel,
    allowed: r.allowed,
    source: r.source,
    note: r.note,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  }));
}
