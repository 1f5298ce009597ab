import { hash } from '@node-rs/argon2';
import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import type { Role } from '../../kernel/http/access.ts';

export type NewStaff = { email: string; name?: string; password: string; role: Role; timeZone?: string };
export type StaffView = {
  id: string;
  email: string;
  name: string;
  role: Role;
  timeZone: string;
  active: boolean;
};

export const MIN_PASSWORD_LENGTH = 10;

export async function createStaff(ctx: Pick<Ctx, 'db'>, input: NewStaff): Promise<StaffView> {
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('validation_failed', `Password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const email = input.email.trim().toLowerCase();
  const existing = await ctx.db
    .selectFrom('staff')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst();
  if (existing) throw new AppError('conflict', `A staff user with email ${email} already exists`);
  const row = await ctx.db
    .insertInto('staff')
    .values({
      id: uuidv7(),
      email,
      name: input.name?.trim() || email.split('@')[0] || email,
      role: input.role,
      password_hash: await hash(input.password),
      time_zone: input.timeZone ?? 'UTC',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toStaffView(row);
}

export const toStaffView = (r: {
  id: string;
  email: string;
  name: string;
  role: Role;
  time_zone: string;
  active: boolean;
}): StaffView => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  timeZone: r.time_zone,
  active: r.active,
});
