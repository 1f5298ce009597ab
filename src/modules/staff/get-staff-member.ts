import type { Ctx } from '../../kernel/context.ts';

/** One staff member's name and address (a customer's owner, a campaign's author), or undefined. */
export async function getStaffMember(
  ctx: Pick<Ctx, 'db'>,
  id: string,
): Promise<{ id: string; name: string; email: string } | undefined> {
  return ctx.db.selectFrom('staff').select(['id', 'name', 'email']).where('id', '=', id).executeTakeFirst();
}
