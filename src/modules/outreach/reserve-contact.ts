import { type Kysely, sql, type Transaction } from 'kysely';
import { type Clock, DAY_MS } from '../../kernel/clock.ts';
import type { Database } from '../../kernel/db/database.ts';
import {
  type ContactIntent,
  type ContactRefusal,
  decideContact,
  type RefusalCode,
  recordRefusal,
} from './check-contact.ts';

export type ContactRequest = ContactIntent & {
  /** For a reminder: the reference of the contact it follows up. */
  reminderOf?: string;
};

export type ContactDecision =
  | { allowed: true; contactId: number; repeated: boolean }
  | { allowed: false; code: RefusalCode; reason: string; retryAt?: Date };

type DbCtx = { db: Kysely<Database>; clock: Clock };

const ago = (from: Date, now: Date) => {
  const days = Math.floor((now.getTime() - from.getTime()) / DAY_MS);
  return days <= 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`;
};
const noun = (purpose: string, n: number) =>
  purpose === '*' ? (n === 1 ? 'contact' : 'contacts') : `${purpose}${n === 1 ? '' : 's'}`;
const verb = (purpose: string) =>
  purpose === 'survey' ? 'surveyed' : purpose === '*' ? 'contacted' : `contacted (${purpose})`;

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
  if (ctx.db.isTransaction) return reserveIn(ctx.db as Transaction<Database>, now, req);
  return ctx.db.transaction().execute((trx) => reserveIn(trx, now, req));
}

async function reserveIn(
  trx: Transaction<Database>,
  now: Date,
  req: ContactRequest,
): Promise<ContactDecision> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`tenure.contact:${req.customerId}`}, 0))`.execute(
    trx,
  );

  const refuse = async (r: ContactRefusal): Promise<ContactDecision> => {
    await recordRefusal(trx, req, r, now);
    return { allowed: false, code: r.code, reason: r.reason, ...(r.retryAt && { retryAt: r.retryAt }) };
  };
  const existing = await trx
    .selectFrom('contact_log')
    .select('id')
    .where('customer_id', '=', req.customerId)
    .where('reference', '=', req.reference)
    .executeTakeFirst();
  if (existing) return { allowed: true, contactId: existing.id, repeated: true };

  const consent = await decideContact(trx, req, now);
  if (!consent.allowed) return refuse(consent);

  const rules = await trx
    .selectFrom('contact_rule')
    .selectAll()
    .where('purpose', 'in', [req.purpose, '*'])
    .execute();
  if (req.reminderOf !== undefined) {
    const max = rules.find((r) => r.purpose === req.purpose)?.max_reminders ?? 0;
    const { n } = await trx
      .selectFrom('contact_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('customer_id', '=', req.customerId)
      .where('reminder_of', '=', req.reminderOf)
      .executeTakeFirstOrThrow();
    if (Number(n) >= max) {
      return refuse({
        allowed: false,
        code: 'reminders',
        rule: `reminders:${req.purpose}`,
        reason: `already reminded ${n} time(s) (at most ${max} reminders)`,
      });
    }
  } else {
    for (const rule of rules) {
      const since = new Date(now.getTime() - rule.window_days * DAY_MS);
      let q = trx
        .selectFrom('contact_log')
        .select('at')
        .where('customer_id', '=', req.customerId)
        .where('reminder_of', 'is', null)
        .where('at', '>', since);
      if (rule.purpose !== '*') q = q.where('purpose', '=', rule.purpose);
      const recent = await q.orderBy('at', 'desc').limit(Math.max(rule.max_contacts, 1)).execute();
      if (recent.length >= rule.max_contacts) {
        const last = recent[0]?.at;
        const limit = `at most ${rule.max_contacts} ${noun(rule.purpose, rule.max_contacts)} every ${rule.window_days} days`;
        const reason = last ? `${verb(rule.purpose)} ${ago(last, now)} (${limit})` : `${limit}: none allowed`;
        return refuse({ allowed: false, code: 'budget', rule: `budget:${rule.purpose}`, reason });
      }
    }
  }

  const row = await trx
    .insertInto('contact_log')
    .values({
      customer_id: req.customerId,
      purpose: req.purpose,
      channel: req.channel,
      reference: req.reference,
      reminder_of: req.reminderOf ?? null,
      at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { allowed: true, contactId: row.id, repeated: false };
}
