import { sql } from 'kysely';
import type { Db } from '../../kernel/db/pool.ts';
import { notFound } from '../../kernel/errors.ts';

/** Everything the customers module holds about one customer: profile, identities, timeline. */
export async function exportCustomerProfile(db: Db, customerId: string) {
  const customer = await db
    .selectFrom('customer')
    .selectAll()
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!customer) throw notFound('Customer', customerId);
  const { search_text: _, ...profile } = customer;
  return {
    customer: profile,
    identities: await db
      .selectFrom('customer_identity')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('created_at')
      .execute(),
    interactions: await db
      .selectFrom('interaction')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute(),
  };
}

/**
 * The strings that identify a customer (name, emails, phones, external ids), read before the
 * erasure so other modules can look for them in free text about the customer.
 */
export async function personalTermsOf(db: Db, customerId: string): Promise<string[]> {
  const c = await db
    .selectFrom('customer')
    .select(['name', 'emails', 'phones'])
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!c) throw notFound('Customer', customerId);
  const ids = await db
    .selectFrom('customer_identity')
    .select('external_id')
    .where('customer_id', '=', customerId)
    .execute();
  return [...(c.name ? [c.name] : []), ...c.emails, ...c.phones, ...ids.map((i) => i.external_id)];
}

/**
 * Blanks the profile, deletes the external ids (a later event with the same id makes a new,
 * unrelated customer), and redacts the timeline through the trigger's sanctioned path: subject,
 * body and source id are cleared, properties keep only their top-level numbers and booleans.
 * When, what, which channel and how much stay, so counts and revenue in reports are unchanged.
 * Must run in the erasure transaction that set `tenure.erasing_customer` (see the privacy module).
 */
export async function eraseCustomerProfile(trx: Db, customerId: string, at: Date) {
  await trx
    .updateTable('customer')
    .set({
      name: null,
      emails: [],
      phones: [],
      address: null,
      time_zone: null,
      locale: null,
      custom_fields: '{}',
      erased_at: at,
      updated_at: at,
    })
    .where('id', '=', customerId)
    .execute();
  const identities = await trx
    .deleteFrom('customer_identity')
    .where('customer_id', '=', customerId)
    .execute();
  const touchpoints = await sql`
    update interaction set
      subject = null,
      body = null,
      source_id = 'erased-' || id,
      properties = coalesce((
        select jsonb_object_agg(key, value) from jsonb_each(properties)
        where jsonb_typeof(value) in ('number', 'boolean')), '{}'::jsonb)
    where customer_id = ${customerId}`.execute(trx);
  return {
    identities: Number(identities[0]?.numDeletedRows ?? 0),
    interactions: Number(touchpoints.numAffectedRows ?? 0),
  };
}
