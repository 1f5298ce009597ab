import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../../../kernel/config.ts';
import type { Database } from '../../../kernel/db/database.ts';
import { getSigningKey, packUuid, signToken, unpackUuid, verifyToken } from '../../../kernel/signed-token.ts';

type LinkCtx = { db: Kysely<Database>; config: Pick<Config, 'secret' | 'publicUrl'> };

// Their own signed purposes: no unsubscribe, RSVP or survey token opens the rewards page, and a
// page link is not a redemption form (nor the reverse).
const PAGE = 'rewards-page';
const FORM = 'reward-redeem';
export const PAGE_LINK_DAYS = 30;
/** A redemption form works for an hour after the page was shown; then the page is reloaded. */
export const FORM_MINUTES = 60;

/** The customer's rewards page link, valid for 30 days. */
export async function rewardsPageLink(
  ctx: LinkCtx,
  customerId: string,
  now: Date,
): Promise<{ url: string; path: string; expiresAt: Date }> {
  const expiresAt = new Date(now.getTime() + PAGE_LINK_DAYS * 86_400_000);
  const path = `/rw/${signToken(await getSigningKey(ctx), PAGE, [packUuid(customerId)], expiresAt)}`;
  return { url: `${ctx.config.publicUrl}${path}`, path, expiresAt };
}

export type LinkRead =
  | { ok: true; customerId: string }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

export async function readRewardsPageToken(ctx: LinkCtx, token: string, now: Date): Promise<LinkRead> {
  const check = verifyToken(await getSigningKey(ctx), PAGE, token, now);
  if (!check.ok) return { ok: false, reason: check.reason };
  const id = check.fields.length === 1 ? unpackUuid(check.fields[0] as string) : undefined;
  return id ? { ok: true, customerId: id } : { ok: false, reason: 'malformed' };
}

/**
 * A one-use redemption form: the customer and a fresh nonce, signed. The nonce becomes the
 * redemption's idempotency key, so the form redeems once: a resent or replayed form changes nothing.
 */
export async function redeemFormToken(ctx: LinkCtx, customerId: string, now: Date): Promise<string> {
  const nonce = randomBytes(12).toString('base64url');
  return signToken(
    await getSigningKey(ctx),
    FORM,
    [packUuid(customerId), nonce],
    new Date(now.getTime() + FORM_MINUTES * 60_000),
  );
}

export type FormRead =
  | { ok: true; customerId: string; nonce: string }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

export async function readRedeemForm(ctx: LinkCtx, token: string, now: Date): Promise<FormRead> {
  const check = verifyToken(await getSigningKey(ctx), FORM, token, now);
  if (!check.ok) return { ok: false, reason: check.reason };
  const [packed, nonce] = check.fields;
  const id = check.fields.length === 2 && packed ? unpackUuid(packed) : undefined;
  return id && nonce ? { ok: true, customerId: id, nonce } : { ok: false, reason: 'malformed' };
}
