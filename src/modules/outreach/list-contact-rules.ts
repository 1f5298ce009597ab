import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';
import type { ContactRule } from './set-contact-rule.ts';

/** The budget rules in force. */
export async function listContactRules(ctx: { db: Kysely<Database> }): Promise<ContactRule[]> {
  const rows = await ctx.db.selectFrom('contact_rule').selectAll().orderBy('purpose').execute();
  return rows.map((r) => ({
    purpose: r.purpose,
    windowDays: r.window_days,
    maxContacts: r.max_contacts,
    maxReminders: r.max_reminders,
  }));
}
