import type { Kysely } from 'kysely';
import type { Config } from '../../kernel/config.ts';
import type { Database } from '../../kernel/db/database.ts';
import { getSigningKey, packUuid, signToken, unpackUuid, verifyToken } from '../../kernel/signed-token.ts';
import { buildContactLinks } from '../outreach/index.ts';

type LinkCtx = { db: Kysely<Database>; config: Pick<Config, 'secret' | 'publicUrl'> };
export const SURVEY_PURPOSE = 'survey-link';

export type SendRef = { customerId: string; sendId: string; expiresAt: Date };

/**
 * The personal links of one send: the survey page, one per score, and outreach's links every
 * email carries (preference centre, one-click unsubscribe from surveys).
 */
export async function buildSurveyLinks(ctx: LinkCtx, send: SendRef, now: Date, signingKey?: Buffer) {
  // Callers inside a transaction pass the key: fetching it could need a second pool connection.
  const key = signingKey ?? (await getSigningKey(ctx));
  const token = signToken(
    key,
    SURVEY_PURPOSE,
    [packUuid(send.customerId), packUuid(send.sendId)],
    send.expiresAt,
  );
  const contact = await buildContactLinks(ctx, { customerId: send.customerId, purpose: 'survey' }, now, key);
  const base = ctx.config.publicUrl;
  return {
    token,
    surveyUrl: `${base}/s/${token}`,
    scoreUrl: (score: number) => `${base}/s/${token}?score=${score}`,
    unsubscribeUrl: contact.unsubscribeUrl,
    preferencesUrl: contact.preferencesUrl,
    headers: contact.headers,
  };
}

export type TokenResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

export async function readSurveyToken(
  ctx: LinkCtx,
  token: string,
  now: Date,
): Promise<TokenResult<{ customerId: string; sendId: string }>> {
  const check = verifyToken(await getSigningKey(ctx), SURVEY_PURPOSE, token, now);
  if (!check.ok) return { ok: false, reason: check.reason };
  const [c, s] = check.fields.map(unpackUuid);
  if (!c || !s || check.fields.length !== 2) return { ok: false, reason: 'malformed' };
  return { ok: true, value: { customerId: c, sendId: s } };
}
