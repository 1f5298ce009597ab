import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';

/**
 * A customer's recorded choices (cells never recorded, or reset to unknown, are left out), with
 * `allowed` for callers that only ask "refused or not" (the loop's channel chooser).
 */
export async function listContactPreferences(ctx: { db: Kysely<Database> }, customerId: string) {
  const rows = await ctx.db
    .selectFrom('contact_preference')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('state', '<>', 'unknown')
    .orderBy('purpose')
    .orderBy('channel')
    .execute();
  return rows.map((r) => ({
    purpose: r.purpose,
    channel: r.channel,
    state: r.state,
    allowed: r.state === 'granted',
    source: r.source,
    recordedBy: r.recorded_by,
    note: r.note,
    updatedAt: r.updated_at,
    updatedBy: r.staff_id,
  }));
}
