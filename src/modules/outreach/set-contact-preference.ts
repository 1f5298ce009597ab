import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';

export type ContactPreference = {
  customerId: string;
  purpose: string;
  channel: string;
  allowed: boolean;
  /** Where the choice came from: 'unsubscribe-link', 'phone', 'staff', 'import'… */
  source: string;
  note?: string | null;
  staffId?: string | null;
};

/** Records a customer's consent or opt-out; effective for every reservation from the next one on. */
export async function setContactPreference(
  ctx: { db: Kysely<Database> },
  p: ContactPreference,
): Promise<void> {
  await ctx.db
    .insertInto('contact_preference')
    .values({
      customer_id: p.customerId,
      purpose: p.purpose,
      channel: p.channel,
      allowed: p.allowed,
      source: p.source,
      note: p.note ?? null,
      updated_by: p.staffId ?? null,
    })
    .onConflict((oc) =>
      oc.columns(['customer_id', 'purpose', 'channel']).doUpdateSet((eb) => ({
        allowed: eb.ref('excluded.allowed'),
        source: eb.ref('excluded.source'),
        note: eb.ref('excluded.note'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_at: new Date(),
      })),
    )
    .execute();
}
