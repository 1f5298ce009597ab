import type { Kysely } from 'kysely';
import type { Config } from '../../../kernel/config.ts';
import type { Database } from '../../../kernel/db/database.ts';
import { getSigningKey, packUuid, signToken, unpackUuid, verifyToken } from '../../../kernel/signed-token.ts';
import { CONSENT_PURPOSES, type ConsentPurpose, consentPurposeOf } from '../consent-model.ts';

type LinkCtx = { db: Kysely<Database>; config: Pick<Config, 'secret' | 'publicUrl'> };

// The signed purposes: a preference-centre token cannot unsubscribe, an unsubscribe token names
// its purpose, and neither can open a survey.
const PREFERENCES = 'preference-centre';
const UNSUBSCRIBE = 'unsubscribe';
/** Unsubscribe links of survey emails sent before per-purpose links: they unsubscribe from surveys. */
const LEGACY_SURVEY_UNSUBSCRIBE = 'survey-unsubscribe';
// A link in an old email must keep working long after the email's own content expired.
const VALID_MS = 2 * 365 * 86_400_000;

export type ContactLinks = {
  /** The customer's preference centre (`/p/…`): every subscription on one page. */
  preferencesUrl: string;
  /** One-click unsubscribe from this email's purpose (`/u/…`), for the footer and List-Unsubscribe. */
  unsubscribeUrl: string;
  /** RFC 8058 one-click unsubscribe headers for the message. */
  headers: { 'List-Unsubscribe': string; 'List-Unsubscribe-Post': string };
};

/**
 * The links every email to a customer carries: the preference centre and a one-click
 * unsubscribe from the email's purpose. Callers inside a transaction pass the signing key
 * (fetching it could need a second pool connection).
 */
export async function buildContactLinks(
  ctx: LinkCtx,
  m: { customerId: string; purpose: string },
  now: Date,
  signingKey?: Buffer,
): Promise<ContactLinks> {
  const key = signingKey ?? (await getSigningKey(ctx));
  const expires = new Date(now.getTime() + VALID_MS);
  const customer = packUuid(m.customerId);
  const base = ctx.config.publicUrl;
  const unsubscribeUrl = `${base}/u/${signToken(key, UNSUBSCRIBE, [customer, consentPurposeOf(m.purpose)], expires)}`;
  return {
    preferencesUrl: `${base}/p/${signToken(key, PREFERENCES, [customer], expires)}`,
    unsubscribeUrl,
    headers: {
      'List-Unsubscribe': `<${unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

export type LinkRead<T> = { ok: true; value: T } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

/** The customer of a preference-centre link. */
export async function readPreferencesToken(
  ctx: LinkCtx,
  token: string,
  now: Date,
): Promise<LinkRead<{ customerId: string }>> {
  const check = verifyToken(await getSigningKey(ctx), PREFERENCES, token, now);
  if (!check.ok) return { ok: false, reason: check.reason };
  const c = check.fields.length === 1 ? unpackUuid(check.fields[0] as string) : undefined;
  return c ? { ok: true, value: { customerId: c } } : { ok: false, reason: 'malformed' };
}

/** The customer and purpose of an unsubscribe link, current or legacy (surveys). */
export async function readUnsubscribeToken(
  ctx: LinkCtx,
  token: string,
  now: Date,
): Promise<LinkRead<{ customerId: string; purpose: ConsentPurpose }>> {
  const key = await getSigningKey(ctx);
  let check = verifyToken(key, UNSUBSCRIBE, token, now);
  let fields = check.ok ? check.fields : undefined;
  if (!check.ok && check.reason === 'forged') {
    check = verifyToken(key, LEGACY_SURVEY_UNSUBSCRIBE, token, now);
    if (check.ok) fields = [...check.fields, 'survey'];
  }
  if (!check.ok) return { ok: false, reason: check.reason };
  const c = fields?.length === 2 ? unpackUuid(fields[0] as string) : undefined;
  const purpose = fields?.[1] as ConsentPurpose;
  if (!c || !CONSENT_PURPOSES.includes(purpose)) return { ok: false, reason: 'malformed' };
  return { ok: true, value: { customerId: c, purpose } };
}

/** A fresh preference-centre link for a customer who came in through an unsubscribe link. */
export async function preferencesPathFor(ctx: LinkCtx, customerId: string, now: Date): Promise<string> {
  const key = await getSigningKey(ctx);
  return `/p/${signToken(key, PREFERENCES, [packUuid(customerId)], new Date(now.getTime() + VALID_MS))}`;
}
