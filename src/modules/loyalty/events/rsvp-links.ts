import type { Kysely } from 'kysely';
import type { Config } from '../../../kernel/config.ts';
import type { Database } from '../../../kernel/db/database.ts';
import { getSigningKey, packUuid, signToken, unpackUuid, verifyToken } from '../../../kernel/signed-token.ts';

type LinkCtx = { db: Kysely<Database>; config: Pick<Config, 'secret' | 'publicUrl'> };

// Its own signed purpose: no unsubscribe, preference or survey token opens an RSVP page.
const RSVP = 'event-rsvp';

/** The RSVP link of one invitation; it works until the event ends. */
export function rsvpPath(key: Buffer, invitationId: string, endsAt: Date): string {
  return `/e/${signToken(key, RSVP, [packUuid(invitationId)], endsAt)}`;
}

export type RsvpRead =
  | { ok: true; invitationId: string }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

export async function readRsvpToken(ctx: LinkCtx, token: string, now: Date): Promise<RsvpRead> {
  const check = verifyToken(await getSigningKey(ctx), RSVP, token, now);
  if (!check.ok) return { ok: false, reason: check.reason };
  const id = check.fields.length === 1 ? unpackUuid(check.fields[0] as string) : undefined;
  return id ? { ok: true, invitationId: id } : { ok: false, reason: 'malformed' };
}
