import { randomInt } from 'node:crypto';
import type { Ctx } from '../../../kernel/context.ts';

// Crockford's base32 without look-alikes (0/O, 1/I/L, U): read aloud and typed from a poster.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 8;
/** What a referral code looks like (upper-cased first): the route and ingest check it before any read. */
export const REFERRAL_CODE = /^[2-9A-HJKMNP-TV-Z]{8}$/;

const newCode = () => Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/**
 * The customer's referral code, made on first ask: 8 characters from 30 (≈ 6.6·10¹¹ codes,
 * random from the OS), so codes cannot be walked and a landing page's rate limit makes guessing
 * pointless. Concurrent first asks agree (the customer is the key); a collision with another
 * customer's code draws again.
 */
export async function getReferralCode(ctx: Pick<Ctx, 'db'>, customerId: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await ctx.db
      .selectFrom('loyalty_referral_code')
      .select('code')
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    if (existing) return existing.code;
    await ctx.db
      .insertInto('loyalty_referral_code')
      .values({ customer_id: customerId, code: newCode() })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  throw new Error('could not draw a free referral code in 5 attempts');
}

/** The customer owning a code, or null (the code is upper-cased first). */
export async function referrerOfCode(ctx: Pick<Ctx, 'db'>, code: string): Promise<string | null> {
  const c = code.trim().toUpperCase();
  if (!REFERRAL_CODE.test(c)) return null;
  const row = await ctx.db
    .selectFrom('loyalty_referral_code')
    .select('customer_id')
    .where('code', '=', c)
    .executeTakeFirst();
  return row?.customer_id ?? null;
}
