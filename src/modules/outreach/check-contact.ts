import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.ts';
import type { Database } from '../../kernel/db/database.ts';
import { getCustomer } from '../customers/index.ts';
import {
  CHANNEL_LABELS,
  type ConsentChannel,
  type ConsentPurpose,
  consentChannelOf,
  consentPurposeOf,
  INTERRUPTING_CHANNELS,
  PURPOSE_LABELS,
  UNKNOWN_MEANS,
} from './consent-model.ts';
import { getContactHours } from './get-consent.ts';
import { inSpan, localClock, nextOutside } from './local-time.ts';

/** One intended contact, as every outbound path describes it. */
export type ContactIntent = {
  customerId: string;
  /** The program's purpose: 'survey', 'newsletter', 'check-in', 'win-back'… (see consentPurposeOf). */
  purpose: string;
  /** The delivery channel: 'email', 'phone', 'sms', 'post', 'in-app' (or 'web', 'mail'). */
  channel: string;
  /** The caller's key for this contact, e.g. `survey-send:<id>`; refusals are kept under it. */
  reference: string;
  /** When the contact would happen; default now. A call list asks for the time it plans. */
  at?: Date;
};

export type RefusalCode =
  | 'opted-out'
  | 'no-consent'
  | 'quiet-hours'
  | 'unknown-channel'
  | 'budget'
  | 'reminders';

export type ContactRefusal = {
  allowed: false;
  code: RefusalCode;
  /** Which rule stopped it: `consent:survey/email`, `quiet-hours`, `budget:survey`… */
  rule: string;
  /** For people: "opted out of surveys by email (unsubscribe link, 2026-05-01)". */
  reason: string;
  /** For quiet hours: the first moment the same contact would be allowed. */
  retryAt?: Date;
};

export type ContactVerdict =
  | { allowed: true; purpose: ConsentPurpose; channel: ConsentChannel }
  | ContactRefusal;

type DbCtx = { db: Kysely<Database>; clock: Clock };

/** A customer's recorded consent for one purpose and channel, as the check reads it. */
export type ConsentRecord = { state: string; source: string; updated_at: Date };

/**
 * Consent and quiet hours for one intended contact; records nothing. A caller deciding for many
 * customers at once passes `cells`, their consent already read in one statement (keyed by
 * `consentKey`), so the check itself reads nothing more for a non-interrupting channel.
 */
export async function decideContact(
  db: Kysely<Database>,
  intent: ContactIntent,
  now: Date,
  cells?: ReadonlyMap<string, ConsentRecord>,
): Promise<ContactVerdict> {
  const channel = consentChannelOf(intent.channel);
  const purpose = consentPurposeOf(intent.purpose);
  if (!channel)
    return {
      allowed: false,
      code: 'unknown-channel',
      rule: 'channel',
      reason: `"${intent.channel}" is not a channel anyone can consent to`,
    };
  const cell = cells
    ? cells.get(consentKey(intent.customerId, purpose, channel))
    : await db
        .selectFrom('contact_preference')
        .select(['state', 'source', 'updated_at'])
        .where('customer_id', '=', intent.customerId)
        .where('purpose', '=', purpose)
        .where('channel', '=', channel)
        .executeTakeFirst();
  const what = `${PURPOSE_LABELS[purpose].plural} by ${CHANNEL_LABELS[channel]}`;
  const rule = `consent:${purpose}/${channel}`;
  if (cell?.state === 'refused') {
    const when = cell.updated_at.toISOString().slice(0, 10);
    return {
      allowed: false,
      code: 'opted-out',
      rule,
      reason: `opted out of ${what} (${cell.source}, ${when})`,
    };
  }
  if (cell?.state !== 'granted' && UNKNOWN_MEANS[purpose] === 'deny')
    return { allowed: false, code: 'no-consent', rule, reason: `no recorded consent to ${what}` };

  if (INTERRUPTING_CHANNELS.includes(channel)) {
    const hours = await getContactHours(db, intent.customerId);
    if (hours.quietHours) {
      const profileZone = (await getCustomer({ db }, intent.customerId)).timeZone;
      const zone = profileZone ?? hours.timeZone ?? 'UTC';
      const at = intent.at ?? now;
      const { from, to } = hours.quietHours;
      if (inSpan(localClock(at, zone).minutes, from, to)) {
        return {
          allowed: false,
          code: 'quiet-hours',
          rule: 'quiet-hours',
          reason: `quiet hours ${from}–${to} (${zone}${profileZone || hours.timeZone ? '' : ', no time zone known'})`,
          retryAt: nextOutside(at, zone, from, to),
        };
      }
    }
  }
  return { allowed: true, purpose, channel };
}

export const consentKey = (customerId: string, purpose: string, channel: string) =>
  `${customerId}/${purpose}/${channel}`;

/** Every recorded consent cell of these customers, keyed by `consentKey`, in one statement. */
export async function loadConsentCells(
  db: Kysely<Database>,
  customerIds: readonly string[],
): Promise<Map<string, ConsentRecord>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('contact_preference')
    .select(['customer_id', 'purpose', 'channel', 'state', 'source', 'updated_at'])
    .where('customer_id', 'in', [...new Set(customerIds)])
    .execute();
  return new Map(rows.map((r) => [consentKey(r.customer_id, r.purpose, r.channel), r]));
}

/** Keeps a refusal with the rule that made it; the same reference and rule are kept once. */
export async function recordRefusal(
  db: Kysely<Database>,
  intent: ContactIntent,
  refusal: ContactRefusal,
  now: Date,
): Promise<void> {
  await recordRefusals(db, [{ intent, refusal }], now);
}

/** `recordRefusal` for many contacts in one statement. */
export async function recordRefusals(
  db: Kysely<Database>,
  refused: readonly { intent: ContactIntent; refusal: ContactRefusal }[],
  now: Date,
): Promise<void> {
  if (refused.length === 0) return;
  await db
    .insertInto('contact_refusal')
    .values(
      refused.map(({ intent, refusal }) => ({
        customer_id: intent.customerId,
        purpose: intent.purpose,
        channel: intent.channel,
        reference: intent.reference,
        code: refusal.code,
        rule: refusal.rule,
        reason: refusal.reason,
        at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['customer_id', 'reference', 'rule']).doNothing())
    .execute();
}

/**
 * The one check every outbound path asks before contacting a customer — survey sends, campaigns,
 * call lists, playbook tasks, win-back: may we reach this customer for this purpose on this
 * channel at this time? Consent first (a refusal, or no consent where the purpose needs one),
 * then quiet hours on interrupting channels. A refusal is recorded (`contact_refusal`, listed per
 * customer) unless `record: false` (previews and counts). Paths that also spend the contact
 * budget call `reserveContact`, which runs this same check first.
 */
export async function checkContact(
  ctx: DbCtx,
  intent: ContactIntent,
  opts: { record?: boolean } = {},
): Promise<ContactVerdict> {
  const now = ctx.clock.now();
  const verdict = await decideContact(ctx.db, intent, now);
  if (!verdict.allowed && opts.record !== false) await recordRefusal(ctx.db, intent, verdict, now);
  return verdict;
}
