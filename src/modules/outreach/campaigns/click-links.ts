import { packUuid, signToken, unpackUuid, verifyToken } from '../../../kernel/signed-token.ts';

const CLICK = 'campaign-click';
// Links in an old email keep working for as long as its unsubscribe link does.
const VALID_MS = 2 * 365 * 86_400_000;

/** `/c/<token>`: the send and the index of the template's link, signed. */
export function clickPath(key: Buffer, sendId: string, index: number, now: Date): string {
  return `/c/${signToken(key, CLICK, [packUuid(sendId), String(index)], new Date(now.getTime() + VALID_MS))}`;
}

export function readClickToken(
  key: Buffer,
  token: string,
  now: Date,
): { sendId: string; index: number } | null {
  const check = verifyToken(key, CLICK, token, now);
  if (!check.ok || check.fields.length !== 2) return null;
  const sendId = unpackUuid(check.fields[0] as string);
  const index = Number(check.fields[1]);
  return sendId && Number.isInteger(index) && index >= 0 ? { sendId, index } : null;
}
