import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';

type Policy = { free: number; maxDelayMs: number; forgetAfterMs: number };

/**
 * One account may fail 5 times, then waits 1 s, 2 s, 4 s … up to 15 minutes between attempts,
 * whichever address they come from (600 guesses from 60 addresses get about 20 tries an hour).
 * One address may fail 100 times across all accounts before it waits (at most a minute): behind
 * a proxy without TENURE_TRUST_PROXY every user shares one address, and one person's typos must
 * not lock out the office. Counts are forgotten after a quiet spell longer than the longest wait.
 */
const ACCOUNT: Policy = { free: 5, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };
const ADDRESS: Policy = { free: 100, maxDelayMs: 60_000, forgetAfterMs: 15 * 60_000 };
const BASE_DELAY_MS = 1000;

const accountKey = (email: string) => `acct:${email.trim().toLowerCase()}`;
const addressKey = (ip: string) => `addr:${ip}`;

/** How long, from `now`, someone with these failures must wait before the next attempt. */
function waitMs(p: Policy, failures: number, last: Date, now: Date): number {
  const since = now.getTime() - last.getTime();
  if (failures < p.free || since >= p.forgetAfterMs) return 0;
  const delay = Math.min(p.maxDelayMs, BASE_DELAY_MS * 2 ** Math.min(failures - p.free, 30));
  return Math.max(0, delay - since);
}

/**
 * Refuses a sign-in attempt while its account or address is in a back-off, before the password
 * is even checked (so a throttled guess learns nothing and costs no hashing). The error carries
 * the seconds to wait; the route sends them as Retry-After.
 */
export async function checkSignInThrottle(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  email: string,
  ip: string,
): Promise<void> {
  const now = ctx.clock.now();
  const rows = await ctx.db
    .selectFrom('staff_sign_in_failure')
    .selectAll()
    .where('key', 'in', [accountKey(email), addressKey(ip)])
    .execute();
  let wait = 0;
  for (const r of rows) {
    const p = r.key.startsWith('acct:') ? ACCOUNT : ADDRESS;
    wait = Math.max(wait, waitMs(p, r.failures, r.last_failure_at, now));
  }
  if (wait > 0) {
    const retryAfterSeconds = Math.ceil(wait / 1000);
    throw new AppError(
      'rate_limited',
      `Too many failed sign-ins; try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}`,
      { retryAfterSeconds },
    );
  }
}

/** Counts a failed attempt against the account and the address. */
export async function recordSignInFailure(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  email: string,
  ip: string,
): Promise<void> {
  const now = ctx.clock.now();
  for (const [key, p] of [
    [accountKey(email), ACCOUNT],
    [addressKey(ip), ADDRESS],
  ] as const) {
    const forgetBefore = new Date(now.getTime() - p.forgetAfterMs);
    await sql`
      insert into staff_sign_in_failure as f (key, failures, last_failure_at) values (${key}, 1, ${now})
      on conflict (key) do update set
        failures = case when f.last_failure_at < ${forgetBefore} then 1 else f.failures + 1 end,
        last_failure_at = ${now}`.execute(ctx.db);
  }
  // Keys of made-up emails pile up; sweep the long-forgotten ones now and then.
  if (Math.random() < 0.01) {
    await ctx.db
      .deleteFrom('staff_sign_in_failure')
      .where('last_failure_at', '<', new Date(now.getTime() - 86_400_000))
      .execute();
  }
}

/** A correct password clears the account's count (the address's stays: it may be shared). */
export async function clearSignInFailures(ctx: Pick<Ctx, 'db'>, email: string): Promise<void> {
  await ctx.db.deleteFrom('staff_sign_in_failure').where('key', '=', accountKey(email)).execute();
}
