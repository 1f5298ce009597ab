import type { Kysely } from 'kysely';
import type { Config } from '../../kernel/config.ts';
import type { Database } from '../../kernel/db/database.ts';
import { getSigningKey, packUuid, signToken, unpackUuid, verifyToken } from '../../kernel/signed-token.ts';

type LinkCtx = { db: Kysely<Database>; config: Pick<Config, 'secret' | 'publicUrl'> };
export const SURVEY_PURPOSE = 'survey-link';
export const UNSUBSCRIBE_PURPOSE = 'survey-unsubscribe';
// An unsubscribe link must keep working long after the survey link expired.
const UNSUBSCRIBE_VALID_MS = 2 * 365 * 86_400_000;

export type SendRef = { customerId: string; sendId: string; expiresAt: Date };

/** The personal links of one send: the survey page, one per score, and unsubscribe. */
export async function buildSurveyLinks(ctx: LinkCtx, send: SendRef, now: Date, signingKey?: Buffer) {
  // Callers inside a transaction pass the key: fetching it could need a second pool connection.
  const key = signingKey ?? (await getSigningKey(ctx));
  const token = signToken(
    key,
    SURVEY_PURPOSE,
    [packUuid(send.customerId), packUuid(send.sendId)],
    send.expiresAt,
  );
  const unsub = signToken(
    key,
    UNSUBSCRIBE_PURPOSE,
    [packUuid(send.customerId)],
    new Date(now.getTime() + UNSUBSCRIBE_VALID_MS),
  );
  const base = ctx.config.publicUrl;
  return {
    token,
    surveyUrl: `${base}/s/${token}`,
    scoreUrl: (score: number) => `${base}/s/${token}?score=${score}`,
    unsubscribeUrl: `${base}/u/${unsub}`,
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

export async function readUnsubscribeToken(
  ctx: LinkCtx,
  token: string,
  now: Date,
): Promise<TokenResult<{ customerId: string }>> {
  const check = verifyToken(await getSigningKey(ctx), UNSUBSCRIBE_PURPOSE, token, now);
  if (!check.ok) return { ok: false, reason: check.reason };
  const c = check.fields.length === 1 ? unpackUuid(check.fields[0] as string) : undefined;
  if (!c) return { ok: false, reason: 'malformed' };
  return { ok: true, value: { customerId: c } };
}
