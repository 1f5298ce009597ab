import type { Ctx } from '../../kernel/context.ts';
import { type StaffView, toStaffView } from './create-staff.ts';

export async function listStaff(ctx: Pick<Ctx, 'db'>): Promise<StaffView[]> {
  const rows = await ctx.db.selectFrom('staff').selectAll().orderBy('name').execute();
  return rows.map(toStaffView);
}

export async function countStaff(ctx: Pick<Ctx, 'db'>): Promise<number> {
  const r = await ctx.db
    .selectFrom('staff')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findStaffByEmail(ctx: Pick<Ctx, 'db'>, email: string): Promise<StaffView | undefined> {
  const row = await ctx.db
    .selectFrom('staff')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  return row ? toStaffView(row) : undefined;
}
