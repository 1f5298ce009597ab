import { sql, type Transaction } from 'kysely';
import { DAY_MS } from '../../kernel/clock.ts';
import type { Database } from '../../kernel/db/database.ts';
import { type ContactRefusal, decideContact, loadConsentCells, recordRefusals } from './check-contact.ts';
import type { ContactDecision, ContactRequest } from './reserve-contact.ts';

const ago = (from: Date, now: Date) => {
  const days = Math.floor((now.getTime() - from.getTime()) / DAY_MS);
  return days <= 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`;
};
const noun = (purpose: string, n: number) =>
  purpose === '*' ? (n === 1 ? 'contact' : 'contacts') : `${purpose}${n === 1 ? '' : 's'}`;
const verb = (purpose: string) =>
  purpose === 'survey' ? 'surveyed' : purpose === '*' ? 'contacted' : `contacted (${purpose})`;

type Logged = {
  customerId: string;
  purpose: string;
  channel: string;
  reminderOf: string | null;
  at: Date;
  reference: string;
};
type Rule = { purpose: string; window_days: number; max_contacts: number; max_reminders: number };

/**
 * `reserveContact` for many contacts in one transaction, in a fixed number of statements whatever
 * their count: every customer's advisory lock (taken in one order, so two pages never deadlock),
 * their earlier reservations, consent cells, the rules and the contacts each rule counts are read
 * at once; then the requests are decided in order, each one seeing the contacts granted before it
 * in the same call (two sends to one customer in one page share the budget as one after the other
 * would); refusals and the new contacts are written in one statement each. Decisions come back in
 * the requests' order.
 */
export async function reserveContacts(
  trx: Transaction<Database>,
  now: Date,
  reqs: readonly ContactRequest[],
): Promise<ContactDecision[]> {
  if (reqs.length === 0) return [];
  const ids = [...new Set(reqs.map((r) => r.customerId))];
  await sql`
    select pg_advisory_xact_lock(k) from (
      select distinct hashtextextended('tenure.contact:' || id, 0) as k from unnest(${ids}::text[]) as id order by k
    ) as locks`.execute(trx);

  const [earlier, cells, rules, reminders] = await Promise.all([
    trx
      .selectFrom('contact_log')
      .select(['id', 'customer_id', 'reference'])
      .where('customer_id', 'in', ids)
      .where('reference', 'in', [...new Set(reqs.map((r) => r.reference))])
      .execute(),
    loadConsentCells(trx, ids),
    trx
      .selectFrom('contact_rule')
      .selectAll()
      .where('purpose', 'in', [...new Set([...reqs.map((r) => r.purpose), '*'])])
      .execute(),
    reminderCounts(trx, reqs),
  ]);
  const existing = new Map(earlier.map((e) => [`${e.customer_id}/${e.reference}`, e.id]));
  const logged = await loggedWithin(trx, ids, rules, now);

  const decisions: (ContactDecision | 'new')[] = [];
  const refused: { intent: ContactRequest; refusal: ContactRefusal }[] = [];
  const granted: Logged[] = [];
  for (const req of reqs) {
    const key = `${req.customerId}/${req.reference}`;
    const id = existing.get(key);
    if (id !== undefined) {
      decisions.push({ allowed: true, contactId: id, repeated: true });
      continue;
    }
    if (granted.some((g) => `${g.customerId}/${g.reference}` === key)) {
      decisions.push('new'); // the same reference twice in one call: one contact, resolved below
      continue;
    }
    const refusal = await refusalFor(trx, req, now, { cells, rules, reminders, logged, granted });
    if (refusal) {
      refused.push({ intent: req, refusal });
      decisions.push({
        allowed: false,
        code: refusal.code,
        reason: refusal.reason,
        ...(refusal.retryAt && { retryAt: refusal.retryAt }),
      });
      continue;
    }
    granted.push({
      customerId: req.customerId,
      purpose: req.purpose,
      channel: req.channel,
      reminderOf: req.reminderOf ?? null,
      at: now,
      reference: req.reference,
    });
    decisions.push('new');
  }
  await recordRefusals(trx, refused, now);
  const inserted =
    granted.length === 0
      ? []
      : await trx
          .insertInto('contact_log')
          .values(
            granted.map((g) => ({
              customer_id: g.customerId,
              purpose: g.purpose,
              channel: g.channel,
              reference: g.reference,
              reminder_of: g.reminderOf,
              at: g.at,
            })),
          )
          .returning(['id', 'customer_id', 'reference'])
          .execute();
  const newIds = new Map(inserted.map((r) => [`${r.customer_id}/${r.reference}`, r.id]));
  const firstNew = new Set<string>();
  return decisions.map((d, i) => {
    if (d !== 'new') return d;
    const req = reqs[i] as ContactRequest;
    const key = `${req.customerId}/${req.reference}`;
    const repeated = firstNew.has(key);
    firstNew.add(key);
    return { allowed: true, contactId: newIds.get(key) as number, repeated };
  });
}

type Context = {
  cells: Awaited<ReturnType<typeof loadConsentCells>>;
  rules: Rule[];
  reminders: Map<string, number>;
  logged: Logged[];
  granted: Logged[];
};

/** The first rule that stops this contact, as `reserveContact` checks them; none when allowed. */
async function refusalFor(
  trx: Transaction<Database>,
  req: ContactRequest,
  now: Date,
  c: Context,
): Promise<ContactRefusal | undefined> {
  const consent = await decideContact(trx, req, now, c.cells);
  if (!consent.allowed) return consent;
  if (req.reminderOf !== undefined) {
    const max = c.rules.find((r) => r.purpose === req.purpose)?.max_reminders ?? 0;
    const n =
      (c.reminders.get(`${req.customerId}/${req.reminderOf}`) ?? 0) +
      c.granted.filter((g) => g.customerId === req.customerId && g.reminderOf === req.reminderOf).length;
    if (n >= max) {
      return {
        allowed: false,
        code: 'reminders',
        rule: `reminders:${req.purpose}`,
        reason: `already reminded ${n} time(s) (at most ${max} reminders)`,
      };
    }
    return undefined;
  }
  for (const rule of c.rules) {
    if (rule.purpose !== '*' && rule.purpose !== req.purpose) continue;
    const since = now.getTime() - rule.window_days * DAY_MS;
    const recent = [...c.logged, ...c.granted].filter(
      (l) =>
        l.customerId === req.customerId &&
        l.reminderOf === null &&
        l.at.getTime() > since &&
        (rule.purpose === '*' || l.purpose === rule.purpose),
    );
    if (recent.length >= rule.max_contacts) {
      const last = recent.reduce<Date | undefined>((m, l) => (!m || l.at > m ? l.at : m), undefined);
      const limit = `at most ${rule.max_contacts} ${noun(rule.purpose, rule.max_contacts)} every ${rule.window_days} days`;
      const reason = last ? `${verb(rule.purpose)} ${ago(last, now)} (${limit})` : `${limit}: none allowed`;
      return { allowed: false, code: 'budget', rule: `budget:${rule.purpose}`, reason };
    }
  }
  return undefined;
}

/** The contacts (not reminders) the rules may count: within the longest rule's window. */
async function loggedWithin(
  trx: Transaction<Database>,
  ids: string[],
  rules: { window_days: number }[],
  now: Date,
): Promise<Logged[]> {
  if (rules.length === 0) return [];
  const since = new Date(now.getTime() - Math.max(...rules.map((r) => r.window_days)) * DAY_MS);
  const rows = await trx
    .selectFrom('contact_log')
    .select(['customer_id', 'purpose', 'channel', 'at', 'reference'])
    .where('customer_id', 'in', ids)
    .where('reminder_of', 'is', null)
    .where('at', '>', since)
    .execute();
  return rows.map((r) => ({
    customerId: r.customer_id,
    purpose: r.purpose,
    channel: r.channel,
    reminderOf: null,
    at: r.at,
    reference: r.reference,
  }));
}

/** How many reminders each (customer, reminded contact) already had. */
async function reminderCounts(trx: Transaction<Database>, reqs: readonly ContactRequest[]) {
  const asked = reqs.filter((r) => r.reminderOf !== undefined);
  if (asked.length === 0) return new Map<string, number>();
  const rows = await trx
    .selectFrom('contact_log')
    .select(['customer_id', 'reminder_of', (eb) => eb.fn.countAll<number>().as('n')])
    .where('customer_id', 'in', [...new Set(asked.map((r) => r.customerId))])
    .where('reminder_of', 'in', [...new Set(asked.map((r) => r.reminderOf as string))])
    .groupBy(['customer_id', 'reminder_of'])
    .execute();
  return new Map(rows.map((r) => [`${r.customer_id}/${r.reminder_of}`, Number(r.n)]));
}
