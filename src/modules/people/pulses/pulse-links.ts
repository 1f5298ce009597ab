import type { Ctx } from '../../../kernel/context.ts';
import { getSigningKey, packUuid, signToken, unpackUuid, verifyToken } from '../../../kernel/signed-token.ts';

/** Its own purpose: a pulse link can never be used as a customer's survey or unsubscribe link. */
const PURPOSE = 'pulse-link';
type LinkCtx = Pick<Ctx, 'db' | 'config'>;

/** The path of an invitation's pulse page, valid until the round closes. */
export async function pulsePath(ctx: LinkCtx, invitationId: string, closesAt: Date): Promise<string> {
  return `/pulse/${signToken(await getSigningKey(ctx), PURPOSE, [packUuid(invitationId)], closesAt)}`;
}

export async function readPulseToken(
  ctx: LinkCtx,
  token: string,
  now: Date,
): Promise<{ ok: true; invitationId: string } | { ok: false; reason: 'malformed' | 'forged' | 'expired' }> {
  const check = verifyToken(await getSigningKey(ctx), PURPOSE, token, now);
  if (!check.ok) return { ok: false, reason: check.reason };
  const id = check.fields.length === 1 ? unpackUuid(check.fields[0] as string) : undefined;
  return id ? { ok: true, invitationId: id } : { ok: false, reason: 'malformed' };
}
