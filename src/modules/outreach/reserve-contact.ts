import { type Kysely, sql, type Transaction } from 'kysely';
import { type Clock, DAY_MS } from '../../kernel/clock.ts';
import type { Database } from '../../kernel/db/database.ts';

export type ContactRequest = {
  customerId: string;
  /** Why we contact: 'survey', later 'newsletter', 'check-in', 'win-back'… */
  purpose: string;
  channel: string;
  /** The caller's idempotency key, e.g. `survey-send:<id>`: reserving it again returns the first answer. */
  reference: string;
  /** For a reminder: the reference of the contact it follows up. */
  reminderOf?: string;
};

export type ContactDecision =
  | { allowed: true; contactId: number; repeated: boolean }
  | { allowed: false; code: 'opted-out' | 'budget' | 'reminders'; reason: string };

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
 * records the contact in the same step. Opt-outs come first, then the rules for the purpose and
 * for all purposes together. A per-customer advisory lock, held to the end of the transaction,
 * serialises concurrent reservations for one customer, so two triggers firing at once cannot both
 * pass a "one per 30 days" rule. Pass a transaction as `ctx.db` to commit the reservation
 * together with your own writes; otherwise it commits on its own.
 */
export async function reserveContact(ctx: DbCtx, req: ContactRequest): Promise<ContactDecision> {
  if (ctx.db.isTransaction) return reserveIn(ctx.db as Transaction<Database>, ctx.clock.now(), req);
  return ctx.db.transaction().execute((trx) => reserveIn(trx, ctx.clock.now(), req));
}

async function reserveIn(
  trx: Transaction<Database>,
  now: Date,
  req: ContactRequest,
): Promise<ContactDecision> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`tenure.contact:${req.customerId}`}, 0))`.execute(
    trx,
  );

  const existing = await trx
    .selectFrom('contact_log')
    .select('id')
    .where('customer_id', '=', req.customerId)
    .where('reference', '=', req.reference)
    .executeTakeFirst();
  if (existing) return { allowed: true, contactId: existing.id, repeated: true };

  const prefs = await trx
    .selectFrom('contact_preference')
    .selectAll()
    .where('customer_id', '=', req.customerId)
    .where('purpose', 'in', [req.purpose, '*'])
    .where('channel', 'in', [req.channel, '*'])
    .execute();
  // The most specific preference wins: an opt-in to surveys by email overrides "no email at all".
  const specificity = (p: { purpose: string; channel: string }) =>
    (p.purpose !== '*' ? 2 : 0) + (p.channel !== '*' ? 1 : 0);
  const pref = prefs.sort((a, b) => specificity(b) - specificity(a))[0];
  if (pref && !pref.allowed) {
    const what = pref.purpose === '*' ? 'all contact' : `${pref.purpose}s`;
    const how = pref.channel === '*' ? 'on every channel' : `by ${pref.channel}`;
    const when = pref.updated_at.toISOString().slice(0, 10);
    return {
      allowed: false,
      code: 'opted-out',
      reason: `opted out of ${what} ${how} (${pref.source}, ${when})`,
    };
  }

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
      return {
        allowed: false,
        code: 'reminders',
        reason: `already reminded ${n} time(s) (at most ${max} reminders)`,
      };
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
        return { allowed: false, code: 'budget', reason };
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
