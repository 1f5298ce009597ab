import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';

/** Removes a purpose's rule: that purpose is then limited only by the '*' rule, if any. */
export async function deleteContactRule(ctx: { db: Kysely<Database> }, purpose: string): Promise<boolean> {
  const r = await ctx.db.deleteFrom('contact_rule').where('purpose', '=', purpose).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
