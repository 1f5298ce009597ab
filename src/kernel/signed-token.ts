import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Config } from './config.ts';
import type { Db } from './db/pool.ts';

const keys = new WeakMap<Db, Promise<Buffer>>();

/**
 * The key that signs links sent to customers. `TENURE_SECRET` when set; otherwise a random key
 * generated once and stored in `tenure_secret`, so links keep working after a restart and on
 * every process. The insert races safely: whoever commits first wins, everyone reads that one.
 */
export function getSigningKey(ctx: { db: Db; config: Pick<Config, 'secret'> }): Promise<Buffer> {
  if (ctx.config.secret) return Promise.resolve(createHash('sha256').update(ctx.config.secret).digest());
  let key = keys.get(ctx.db);
  if (!key) {
    key = (async () => {
      await sql`insert into tenure_secret (name, value) values ('link-signing', ${randomBytes(32)})
        on conflict (name) do nothing`.execute(ctx.db);
      const row = await sql<{
        value: Buffer;
      }>`select value from tenure_secret where name = 'link-signing'`.execute(ctx.db);
      return row.rows[0]?.value as Buffer;
    })();
    key.catch(() => keys.delete(ctx.db));
    keys.set(ctx.db, key);
  }
  return key;
}

export type TokenCheck =
  | { ok: true; fields: string[]; expiresAt: Date }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired'; fields?: string[] };

const b64 = (b: Buffer) => b.toString('base64url');
// 128 bits of HMAC-SHA256 is far beyond guessing and keeps links short enough for email clients.
const mac = (key: Buffer, purpose: string, body: string) =>
  createHmac('sha256', key).update(`${purpose}\u0000${body}`).digest().subarray(0, 16);

/**
 * A compact signed token: `field.field…expiry.signature`, all base64url. The purpose is part of
 * the signed text, so an unsubscribe token can never be used as a survey token and vice versa.
 * Fields must not contain ".".
 */
export function signToken(key: Buffer, purpose: string, fields: string[], expiresAt: Date): string {
  const body = [...fields, Math.floor(expiresAt.getTime() / 1000).toString(36)].join('.');
  return `${body}.${b64(mac(key, purpose, body))}`;
}

export function verifyToken(key: Buffer, purpose: string, token: string, now: Date): TokenCheck {
  const parts = token.split('.');
  if (parts.length < 3 || token.length > 500) return { ok: false, reason: 'malformed' };
  const sig = Buffer.from(parts.pop() as string, 'base64url');
  const body = parts.join('.');
  const expected = mac(key, purpose, body);
  if (sig.length !== expected.length || !timingSafeEqual(sig, expected))
    return { ok: false, reason: 'forged' };
  const expiresAt = new Date(Number.parseInt(parts.pop() as string, 36) * 1000);
  if (Number.isNaN(expiresAt.getTime())) return { ok: false, reason: 'malformed' };
  if (expiresAt <= now) return { ok: false, reason: 'expired', fields: parts };
  return { ok: true, fields: parts, expiresAt };
}

/** A UUID as 22 base64url characters, to keep signed links short. */
export const packUuid = (uuid: string) => b64(Buffer.from(uuid.replaceAll('-', ''), 'hex'));
export function unpackUuid(s: string): string | undefined {
  const hex = Buffer.from(s, 'base64url').toString('hex');
  if (hex.length !== 32) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
