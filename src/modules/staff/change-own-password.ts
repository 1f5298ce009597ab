import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { passwordMatches } from './log-in.ts';
import type { AuditBy } from './record-audit.ts';
import { setPassword } from './reset-password.ts';
import { checkSignInThrottle, recordSignInFailure } from './throttle-sign-in.ts';

/**
 * A signed-in staff member changes their password, proving the current one. Wrong guesses count
 * at the sign-in throttle, so a borrowed session cannot brute-force it. Other sessions end; the
 * one making the change stays.
 */
export async function changeOwnPassword(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  staffId: string,
  input: { currentPassword: string; newPassword: string; sessionToken: string | undefined },
  by: AuditBy,
): Promise<void> {
  const row = await ctx.db
    .selectFrom('staff')
    .select(['email', 'password_hash'])
    .where('id', '=', staffId)
    .executeTakeFirstOrThrow();
  const ip = by.ip ?? 'unknown';
  await checkSignInThrottle(ctx, row.email, ip);
  if (!(await passwordMatches(row.password_hash, input.currentPassword))) {
    await recordSignInFailure(ctx, row.email, ip);
    throw new AppError('validation_failed', 'currentPassword: is not your current password');
  }
  await setPassword(ctx, staffId, input.newPassword, {
    by,
    action: 'staff.password-change',
    keepSessionToken: input.sessionToken,
  });
}
