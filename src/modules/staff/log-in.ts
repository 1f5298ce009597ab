import { hash, verify } from '@node-rs/argon2';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { type StaffView, toStaffView } from './create-staff.ts';
import { hashSecret, newSecret } from './secrets.ts';

export const SESSION_DAYS = 7;
// Verifying against a real hash when the email is unknown keeps response time from telling
// an attacker which emails have accounts.
const dummyHash = hash('not-a-real-password-ever');

export async function logIn(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  email: string,
  password: string,
): Promise<{ token: string; expiresAt: Date; staff: StaffView }> {
  const row = await ctx.db
    .selectFrom('staff')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  const ok = await verify(row?.password_hash ?? (await dummyHash), password).catch(() => false);
  if (!row || !ok || !row.active) throw new AppError('unauthorized', 'Email or password is wrong');
  const token = newSecret();
  const expiresAt = new Date(ctx.clock.now().getTime() + SESSION_DAYS * 86_400_000);
  await ctx.db
    .insertInto('staff_session')
    .values({ token_hash: hashSecret(token), staff_id: row.id, expires_at: expiresAt })
    .execute();
  return { token, expiresAt, staff: toStaffView(row) };
}

export async function logOut(ctx: Pick<Ctx, 'db'>, token: string): Promise<void> {
  await ctx.db.deleteFrom('staff_session').where('token_hash', '=', hashSecret(token)).execute();
}
