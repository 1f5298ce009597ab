import { hash } from '@node-rs/argon2';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { MIN_PASSWORD_LENGTH } from './create-staff.ts';
import { forgetStaffSessions } from './session-cache.ts';

/**
 * Gives a staff user a new password and ends their sessions, so whoever held the old one is
 * signed out everywhere. Used by `tenure demo --reset-passwords`: demo passwords are random and
 * printed once, and a lost one had no way back.
 */
export async function setStaffPassword(
  ctx: Pick<Ctx, 'db'>,
  staffId: string,
  password: string,
): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('validation_failed', `Password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const passwordHash = await hash(password);
  await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('staff')
      .set({ password_hash: passwordHash })
      .where('id', '=', staffId)
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new AppError('not_found', `staff user ${staffId} does not exist`);
    await trx.deleteFrom('staff_session').where('staff_id', '=', staffId).execute();
  });
  forgetStaffSessions(staffId);
}
