import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'kysely';
import type { Db } from '../db/pool.ts';

type Options = { continueExceeding?: boolean; exponentialBackoff?: boolean };
type RouteOptions = Options & { routeInfo?: { method?: string | string[]; url?: string }; groupId?: string };
type Counter = { current: number; ttl: number };

const SWEEP_EVERY_MS = 60_000;

/**
 * Counts one hit for `key` in a fixed window of `windowMs`, atomically, in PostgreSQL, so every
 * process of an installation shares the count. Past `max`, `continueExceeding` restarts the window
 * on every hit and `exponentialBackoff` doubles it per extra hit (the semantics of the in-memory
 * store of @fastify/rate-limit). Times come from the database, so processes need no shared clock.
 */
export async function countHit(
  db: Db,
  key: string,
  windowMs: number,
  max: number,
  opts: Options = {},
): Promise<Counter> {
  const window = sql`${windowMs} * interval '1 millisecond'`;
  const overWindow = opts.continueExceeding
    ? window
    : opts.exponentialBackoff
      ? // Capped at 2^20 windows so the interval cannot overflow.
        sql`${windowMs} * power(2, least(rate_limit.hits - ${max}, 20)) * interval '1 millisecond'`
      : undefined;
  const expires = overWindow
    ? sql`case when rate_limit.expires_at <= now() then now() + ${window}
               when rate_limit.hits + 1 > ${max} then now() + ${overWindow}
               else rate_limit.expires_at end`
    : sql`case when rate_limit.expires_at <= now() then now() + ${window} else rate_limit.expires_at end`;
  const { rows } = await sql<{ hits: number; ttl: number }>`
    insert into rate_limit as rate_limit (key, hits, expires_at) values (${key}, 1, now() + ${window})
    on conflict (key) do update set
      hits = case when rate_limit.expires_at <= now() then 1 else rate_limit.hits + 1 end,
      expires_at = ${expires}
    returning hits, ceil(extract(epoch from (expires_at - now())) * 1000)::float8 as ttl`.execute(db);
  const row = rows[0] as { hits: number; ttl: number };
  return { current: row.hits, ttl: Math.max(0, row.ttl) };
}

/** The count and time left for `key` without counting a hit. */
export async function peekHits(db: Db, key: string): Promise<Counter> {
  const { rows } = await sql<{ hits: number; ttl: number }>`
    select hits, ceil(extract(epoch from (expires_at - now())) * 1000)::float8 as ttl
    from rate_limit where key = ${key} and expires_at > now()`.execute(db);
  const row = rows[0];
  return row ? { current: row.hits, ttl: row.ttl } : { current: 0, ttl: 0 };
}

/**
 * A store for @fastify/rate-limit that keeps its counters in PostgreSQL (table `rate_limit`), so
 * a limit holds across every `--role api` process, not per process. Each route gets its own keys
 * (method and URL in the key). Expired rows are swept now and then by whichever process notices.
 */
export function postgresRateLimitStore(db: Db): FastifyRateLimitStoreCtor {
  let lastSweep = 0;
  const sweep = () => {
    const now = Date.now();
    if (now - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now;
    sql`delete from rate_limit where expires_at < now() - interval '1 minute'`.execute(db).catch(() => {});
  };

  class PostgresStore {
    private readonly opts: Options;
    private readonly prefix: string;
    constructor(opts: Options = {}, prefix = '') {
      this.opts = opts;
      this.prefix = prefix;
    }

    incr(key: string, cb: (err: Error | null, res?: Counter) => void, timeWindow: number, max: number) {
      sweep();
      countHit(db, this.prefix + key, timeWindow, max, this.opts).then(
        (res) => cb(null, res),
        (err: Error) => cb(err),
      );
    }

    read(key: string, cb: (err: Error | null, res?: Counter) => void) {
      peekHits(db, this.prefix + key).then(
        (res) => cb(null, res),
        (err: Error) => cb(err),
      );
    }

    child(routeOptions: RouteOptions) {
      const { method, url } = routeOptions.routeInfo ?? {};
      const route = routeOptions.groupId ?? `${[method].flat().join(',')} ${url ?? ''}`;
      return new PostgresStore(
        {
          continueExceeding: routeOptions.continueExceeding,
          exponentialBackoff: routeOptions.exponentialBackoff,
        },
        `${route}|`,
      );
    }
  }
  return PostgresStore as unknown as FastifyRateLimitStoreCtor;
}
