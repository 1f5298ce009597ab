import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../../kernel/context.ts';
import type { Authenticator, Principal } from '../../kernel/http/access.ts';
import { hashSecret } from './secrets.ts';
import { cachedSession, rememberSession, sessionEpoch } from './session-cache.ts';

export const SESSION_COOKIE = 'tenure_session';
// Ingest sends thousands of requests a second with the same key; a short cache keeps the key
// lookup off the hot path. A revoked key stops working within this many milliseconds.
const KEY_CACHE_MS = 10_000;
const LAST_USED_EVERY_MS = 60_000;
// A session's last request is written at most this often: the idle timeout needs no finer grain.
const LAST_SEEN_EVERY_MS = 60_000;

/** Reads a key from `Authorization: Bearer <key>` or, as Segment's libraries send it, Basic `<key>:`. */
export function apiKeyFromHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.split(' ', 2);
  if (!value) return undefined;
  if (scheme?.toLowerCase() === 'bearer') return value.trim();
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const user = decoded.split(':')[0];
    return user || undefined;
  }
  return undefined;
}

/**
 * Sessions are cached like keys (session-cache.ts): this process forgets a session the moment it
 * signs it out or changes its staff member; a change made by another process shows within
 * SESSION_CACHE_MS. A cached session is still checked against its expiry, maximum age and idle
 * timeout on every request, and goes back to the database when its last-seen time is due a write.
 */
export function createAuthenticator(ctx: Pick<Ctx, 'db' | 'clock' | 'config'>): Authenticator {
  const keyCache = new Map<string, { principal: Principal | undefined; until: number }>();
  const lastUsedWritten = new Map<string, number>();

  async function byApiKey(key: string): Promise<Principal | undefined> {
    const now = ctx.clock.now().getTime();
    const hash = hashSecret(key).toString('hex');
    const cached = keyCache.get(hash);
    if (cached && cached.until > now) return cached.principal;
    const row = await ctx.db
      .selectFrom('api_key')
      .select(['id', 'scopes'])
      .where('key_hash', '=', hashSecret(key))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const principal: Principal | undefined = row
      ? { kind: 'api_key', id: row.id, scopes: row.scopes }
      : undefined;
    if (keyCache.size > 10_000) keyCache.clear();
    keyCache.set(hash, { principal, until: now + KEY_CACHE_MS });
    if (row && (lastUsedWritten.get(row.id) ?? 0) < now - LAST_USED_EVERY_MS) {
      lastUsedWritten.set(row.id, now);
      await ctx.db
        .updateTable('api_key')
        .set({ last_used_at: new Date(now) })
        .where('id', '=', row.id)
        .execute();
    }
    return principal;
  }

  async function bySession(token: string): Promise<Principal | undefined> {
    const now = ctx.clock.now();
    const tokenHash = hashSecret(token);
    const hashKey = tokenHash.toString('hex');
    const cached = cachedSession(hashKey, now.getTime(), LAST_SEEN_EVERY_MS);
    if (cached) return cached;
    const readAt = sessionEpoch();
    const row = await ctx.db
      .selectFrom('staff_session as s')
      .innerJoin('staff as u', 'u.id', 's.staff_id')
      .select(['u.id', 'u.role', 'u.email', 'u.name', 's.last_seen_at', 's.created_at', 's.expires_at'])
      .where('s.token_hash', '=', tokenHash)
      .where('s.expires_at', '>', now)
      .where('s.created_at', '>', new Date(now.getTime() - ctx.config.sessionMaxMs))
      .where('s.last_seen_at', '>', new Date(now.getTime() - ctx.config.sessionIdleMs))
      .where('u.active', '=', true)
      .executeTakeFirst();
    if (!row) return undefined;
    let lastSeen = row.last_seen_at.getTime();
    if (now.getTime() - lastSeen >= LAST_SEEN_EVERY_MS) {
      await ctx.db
        .updateTable('staff_session')
        .set({ last_seen_at: now })
        .where('token_hash', '=', tokenHash)
        .execute();
      lastSeen = now.getTime();
    }
    const principal = {
      kind: 'staff' as const,
      id: row.id,
      role: row.role,
      email: row.email,
      name: row.name,
    };
    const validUntil = Math.min(
      row.expires_at.getTime(),
      row.created_at.getTime() + ctx.config.sessionMaxMs,
      lastSeen + ctx.config.sessionIdleMs,
    );
    rememberSession(hashKey, { principal, validUntil, lastSeen }, now.getTime(), readAt);
    return principal;
  }

  return async (req: FastifyRequest) => {
    const key = apiKeyFromHeader(req.headers.authorization);
    if (key) return byApiKey(key);
    const token = req.cookies?.[SESSION_COOKIE];
    if (token) return bySession(token);
    return undefined;
  };
}
