import type { Ctx } from '../../../kernel/context.ts';
import { getCustomer, hasPurchasedBefore } from '../../customers/index.ts';
import { referrerOfCode } from './get-referral-code.ts';

export type RefusalReason =
  | 'unknown-code'
  | 'same-customer'
  | 'same-email'
  | 'same-phone'
  | 'same-identity'
  | 'already-referred'
  | 'already-a-customer';

export const REFUSAL_WORDS: Record<RefusalReason, string> = {
  'unknown-code': 'No customer has this referral code',
  'same-customer': 'A customer cannot refer themselves',
  'same-email': 'The referred customer shares an email address with the referrer (self-referral)',
  'same-phone': 'The referred customer shares a phone number with the referrer (self-referral)',
  'same-identity': 'The referred customer shares an external id with the referrer (self-referral)',
  'already-referred': 'This customer was already referred; a customer can be referred only once',
  'already-a-customer': 'This customer had already purchased before the referral: only new customers count',
};

export type ReferralAttempt = {
  code: string;
  referredId: string;
  source: string;
  /** What recorded it (an event's source id): the same one never records twice. */
  sourceRef?: string | null;
  at: Date;
};

export type ReferralOutcome =
  | { status: 'accepted'; referralId: number; referrerId: string }
  | { status: 'refused'; reason: RefusalReason; referrerId: string | null };

const digits = (p: string) => p.replace(/\D/g, '');

/** Why this pair cannot be a referral, or null when it can (so far as the two profiles show). */
async function refusalOf(
  ctx: Pick<Ctx, 'db'>,
  referrerId: string,
  referredId: string,
  at: Date,
): Promise<RefusalReason | null> {
  if (referrerId === referredId) return 'same-customer';
  const [a, b] = await Promise.all([getCustomer(ctx, referrerId), getCustomer(ctx, referredId)]);
  const emails = new Set(a.emails.map((e) => e.toLowerCase()));
  if (b.emails.some((e) => emails.has(e.toLowerCase()))) return 'same-email';
  // Phones compare by their digits' last 9: "+44 20 7946 0958" and "020 7946 0958" are one line.
  const phones = new Set(a.phones.map((p) => digits(p).slice(-9)).filter((p) => p.length >= 6));
  if (b.phones.some((p) => phones.has(digits(p).slice(-9)))) return 'same-phone';
  // One person known by the same id in another system (a shop account and an app account).
  const ids = new Set(a.identities.map((i) => i.externalId.toLowerCase()));
  if (b.identities.some((i) => ids.has(i.externalId.toLowerCase()))) return 'same-identity';
  if (await hasPurchasedBefore(ctx, referredId, at)) return 'already-a-customer';
  return null;
}

/**
 * Records that a code's owner referred a customer, or that and why it was refused (self-referral
 * by customer, email, phone or identity; an unknown code; a second referral; a customer who had
 * bought already). Run inside the caller's transaction (ingest's, or the route's): the partial
 * unique index on accepted referrals decides a race between two referrals of one customer.
 * `persistRefusal: false` (the API) answers a refusal without storing it.
 */
export async function recordReferral(
  ctx: Pick<Ctx, 'db'>,
  r: ReferralAttempt,
  opts: { persistRefusal: boolean },
): Promise<ReferralOutcome> {
  const code = r.code.trim().toUpperCase();
  const referrerId = await referrerOfCode(ctx, code);
  const refuse = async (reason: RefusalReason): Promise<ReferralOutcome> => {
    if (opts.persistRefusal)
      await ctx.db
        .insertInto('loyalty_referral')
        .values({
          code: code.slice(0, 64),
          referrer_id: referrerId,
          referred_id: r.referredId,
          status: 'refused',
          reason,
          source: r.source,
          source_ref: r.sourceRef ?? null,
          recorded_at: r.at,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
    return { status: 'refused', reason, referrerId };
  };
  if (!referrerId) return refuse('unknown-code');
  const why = await refusalOf(ctx, referrerId, r.referredId, r.at);
  if (why) return refuse(why);
  const inserted = await ctx.db
    .insertInto('loyalty_referral')
    .values({
      code,
      referrer_id: referrerId,
      referred_id: r.referredId,
      status: 'accepted',
      source: r.source,
      source_ref: r.sourceRef ?? null,
      recorded_at: r.at,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return refuse('already-referred');
  return { status: 'accepted', referralId: Number(inserted.id), referrerId };
}
