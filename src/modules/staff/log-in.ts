import { hash, verify } from '@node-rs/argon2';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { type StaffView, toStaffView } from './create-staff.ts';
import { hashSecret, newSecret } from './secrets.ts';
import { forgetSession } from './session-cache.ts';
import { checkSignInThrottle, clearSignInFailures, recordSignInFailure } from './throttle-sign-in.ts';

// Verifying against a real hash when the email is unknown keeps response time from telling
// an attacker which emails have accounts.
const dummyHash = hash('not-a-real-password-ever');

/** Checks a password against a stored hash (or the dummy one), never throwing. */
export async function passwordMatches(storedHash: string | undefined, password: string): Promise<boolean> {
  return verify(storedHash ?? (await dummyHash), password).catch(() => false);
}

export async function logIn(
  ctx: Pick<Ctx, 'db' | 'clock' | 'config'>,
  email: string,
  password: string,
  ip: string,
): Promise<{ token: string; expiresAt: Date; staff: StaffView }> {
  await checkSignInThrottle(ctx, email, ip);
  const row = await ctx.db
    .selectFrom('staff')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  const ok = await passwordMatches(row?.password_hash, password);
  if (!row || !ok || !row.active) {
    await recordSignInFailure(ctx, email, ip);
    throw new AppError('unauthorized', 'Email or password is wrong');
  }
  await clearSignInFailures(ctx, email);
  return { ...(await startSession(ctx, row.id)), staff: toStaffView(row) };
}

/** A new session for a staff member: the token for the cookie, and when it ends at the latest. */
export async function startSession(
  ctx: Pick<Ctx, 'db' | 'clock' | 'config'>,
  staffId: string,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret();
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionMaxMs);
  await ctx.db
    .insertInto('staff_session')
    .values({
      token_hash: hashSecret(token),
      staff_id: staffId,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return { token, expiresAt };
}

export async function logOut(ctx: Pick<Ctx, 'db'>, token: string): Promise<void> {
  await ctx.db.deleteFrom('staff_session').where('token_hash', '=', hashSecret(token)).execute();
  forgetSession(hashSecret(token).toString('hex'));
}
