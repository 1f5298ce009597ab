import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';

export type ContactRule = { purpose: string; windowDays: number; maxContacts: number; maxReminders: number };

/** Sets the budget for a purpose ('*' = all purposes together); applies to the next reservation. */
export async function setContactRule(
  ctx: { db: Kysely<Database> },
  rule: ContactRule,
  staffId?: string,
): Promise<ContactRule> {
  await ctx.db
    .insertInto('contact_rule')
    .values({
      purpose: rule.purpose,
      window_days: rule.windowDays,
      max_contacts: rule.maxContacts,
      max_reminders: rule.maxReminders,
      updated_by: staffId ?? null,
    })
    .onConflict((oc) =>
      oc.column('purpose').doUpdateSet((eb) => ({
        window_days: eb.ref('excluded.window_days'),
        max_contacts: eb.ref('excluded.max_contacts'),
        max_reminders: eb.ref('excluded.max_reminders'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_at: new Date(),
      })),
    )
    .execute();
  return rule;
}
