import { hash } from '@node-rs/argon2';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { MIN_PASSWORD_LENGTH } from './create-staff.ts';
import { type AuditBy, recordAuditBy } from './record-audit.ts';
import { hashSecret } from './secrets.ts';
import { forgetStaffSessions } from './session-cache.ts';
import { lockStaff } from './staff-guards.ts';
import { clearSignInFailures } from './throttle-sign-in.ts';

/**
 * Sets a staff member's password and ends their sessions, except `keepSessionToken` (the one
 * changing their own password stays signed in; everywhere else is signed out).
 */
export async function setPassword(
  ctx: Pick<Ctx, 'db'>,
  id: string,
  password: string,
  opts: { by: AuditBy; action: 'staff.password-reset' | 'staff.password-change'; keepSessionToken?: string },
): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('validation_failed', `Password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const passwordHash = await hash(password);
  const email = await ctx.db.transaction().execute(async (trx) => {
    const row = await lockStaff(trx, id);
    await trx.updateTable('staff').set({ password_hash: passwordHash }).where('id', '=', id).execute();
    let ended = trx.deleteFrom('staff_session').where('staff_id', '=', id);
    if (opts.keepSessionToken) ended = ended.where('token_hash', '!=', hashSecret(opts.keepSessionToken));
    const { numDeletedRows } = await ended.executeTakeFirst();
    await recordAuditBy(trx, opts.by, {
      action: opts.action,
      target: id,
      details: { sessionsEnded: Number(numDeletedRows) },
    });
    return row.email;
  });
  forgetStaffSessions(id);
  // A new password deserves a clean slate at the sign-in throttle.
  await clearSignInFailures(ctx, email);
}

/** An admin (or `tenure user reset-password`) sets someone's password; all their sessions end. */
export async function resetPassword(
  ctx: Pick<Ctx, 'db'>,
  id: string,
  password: string,
  by: AuditBy,
): Promise<void> {
  await setPassword(ctx, id, password, { by, action: 'staff.password-reset' });
}
