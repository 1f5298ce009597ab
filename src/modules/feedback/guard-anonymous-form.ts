import { createHmac } from 'node:crypto';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { getSigningKey, packUuid, signToken, unpackUuid, verifyToken } from '../../kernel/signed-token.ts';

/**
 * The anonymous form's bot check, which needs no third party: the form (page or widget) carries
 * a signed token saying which survey it is and when it was handed out; an answer needs one that
 * is at least MIN_FILL_MS old (people read the questions; scripts post at once) and at most a
 * day old. The hidden honeypot field of the page catches the rest of the naive bots.
 */
export const MIN_FILL_MS = 2_000;
const TOKEN_TTL_MS = 86_400_000;
const PURPOSE = 'anonymous-form';
const HOUR_MS = 3_600_000;

export async function issueFormToken(ctx: Pick<Ctx, 'db' | 'config' | 'clock'>, surveyId: string) {
  const now = ctx.clock.now().getTime();
  const key = await getSigningKey(ctx);
  return signToken(key, PURPOSE, [packUuid(surveyId), now.toString(36)], new Date(now + TOKEN_TTL_MS));
}

export type FormTokenCheck = 'ok' | 'missing' | 'invalid' | 'too-fast';

export async function checkFormToken(
  ctx: Pick<Ctx, 'db' | 'config' | 'clock'>,
  surveyId: string,
  token: string | undefined,
): Promise<FormTokenCheck> {
  if (!token) return 'missing';
  const now = ctx.clock.now();
  const v = verifyToken(await getSigningKey(ctx), PURPOSE, token, now);
  if (!v.ok || v.fields.length !== 2) return 'invalid';
  const [survey, issued] = v.fields as [string, string];
  if (unpackUuid(survey) !== surveyId) return 'invalid';
  const issuedAt = Number.parseInt(issued, 36);
  if (!Number.isFinite(issuedAt)) return 'invalid';
  return now.getTime() - issuedAt < MIN_FILL_MS ? 'too-fast' : 'ok';
}

/** A keyed hash of the sender's address: answers are counted per address, the address is not kept. */
export async function addressHash(ctx: Pick<Ctx, 'db' | 'config'>, ip: string): Promise<string> {
  const key = await getSigningKey(ctx);
  return createHmac('sha256', key).update(`anonymous-address\u0000${ip}`).digest('base64url').slice(0, 22);
}

/**
 * Refuses (429) an anonymous answer over the survey's limits: per address per hour, and in all
 * per 24 hours. Counted from the stored answers, so every process sees the same numbers.
 */
export async function checkAnonymousQuota(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  survey: { id: string; anonymous_per_address_hour: number; anonymous_per_day: number },
  address: string,
): Promise<void> {
  const now = ctx.clock.now().getTime();
  const r = await ctx.db
    .selectFrom('survey_response')
    .select((eb) => [
      eb.fn.countAll<string>().as('day'),
      eb.fn
        .countAll<string>()
        .filterWhere('address_hash', '=', address)
        .filterWhere('responded_at', '>', new Date(now - HOUR_MS))
        .as('address'),
    ])
    .where('survey_id', '=', survey.id)
    .where('customer_id', 'is', null)
    .where('responded_at', '>', new Date(now - 24 * HOUR_MS))
    .executeTakeFirstOrThrow();
  if (Number(r.address) >= survey.anonymous_per_address_hour)
    throw new AppError(
      'rate_limited',
      'This form has taken as many answers from your network as it takes in an hour.',
      {
        limit: 'per-address-hour',
      },
    );
  if (Number(r.day) >= survey.anonymous_per_day)
    throw new AppError('rate_limited', 'This form has taken as many answers as it takes in a day.', {
      limit: 'per-day',
    });
}
