import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../kernel/clock.ts';
import type { Database } from '../../kernel/db/database.ts';
import type { ContactIntent, RefusalCode } from './check-contact.ts';
import { reserveContacts } from './reserve-contacts.ts';

export type ContactRequest = ContactIntent & {
  /** For a reminder: the reference of the contact it follows up. */
  reminderOf?: string;
};

export type ContactDecision =
  | { allowed: true; contactId: number; repeated: boolean }
  | { allowed: false; code: RefusalCode; reason: string; retryAt?: Date };

type DbCtx = { db: Kysely<Database>; clock: Clock };

/**
 * Asks the product-wide contact budget whether we may contact a customer now, and if so
 * records the contact in the same step. The one check (checkContact: consent, quiet hours) comes
 * first, then the rules for the purpose and for all purposes together; every refusal is recorded
 * with its rule, in the same transaction. A per-customer advisory lock, held to the end of the transaction,
 * serialises concurrent reservations for one customer, so two triggers firing at once cannot both
 * pass a "one per 30 days" rule. Pass a transaction as `ctx.db` to commit the reservation
 * together with your own writes; otherwise it commits on its own.
 */
export async function reserveContact(ctx: DbCtx, req: ContactRequest): Promise<ContactDecision> {
  const now = ctx.clock.now();
  const one = async (trx: Transaction<Database>) =>
    (await reserveContacts(trx, now, [req]))[0] as ContactDecision;
  if (ctx.db.isTransaction) return one(ctx.db as Transaction<Database>);
  return ctx.db.transaction().execute(one);
}
