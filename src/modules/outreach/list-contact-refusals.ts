import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';

/** The contacts the one check refused for a customer, newest first, with the rule that stopped each. */
export async function listContactRefusals(ctx: { db: Kysely<Database> }, customerId: string, limit: number) {
  const rows = await ctx.db
    .selectFrom('contact_refusal')
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
    code: r.code,
    rule: r.rule,
    reason: r.reason,
    at: r.at,
  }));
}
