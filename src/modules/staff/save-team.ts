import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../kernel/context.ts';
import { AppError, notFound } from '../../kernel/errors.ts';

export type TeamFields = { name: string; timeZone: string; managerId: string | null };

/** Creates a team, or updates one when `id` is given; the manager must be a staff member. */
export async function saveTeam(
  ctx: Pick<Ctx, 'db'>,
  fields: Partial<TeamFields>,
  id?: string,
): Promise<{ id: string }> {
  if (fields.managerId) {
    const m = await ctx.db
      .selectFrom('staff')
      .select('id')
      .where('id', '=', fields.managerId)
      .executeTakeFirst();
    if (!m) throw new AppError('validation_failed', `managerId: staff ${fields.managerId} does not exist`);
  }
  const values = {
    ...(fields.name !== undefined && { name: fields.name }),
    ...(fields.timeZone !== undefined && { time_zone: fields.timeZone }),
    ...(fields.managerId !== undefined && { manager_id: fields.managerId }),
  };
  if (!id) {
    if (!fields.name) throw new AppError('validation_failed', 'name: a team needs a name');
    const row = await ctx.db
      .insertInto('team')
      .values({ id: uuidv7(), name: fields.name, ...values })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row;
  }
  if (Object.keys(values).length === 0) {
    // Nothing to change, but an unknown team is still unknown.
    const found = await ctx.db.selectFrom('team').select('id').where('id', '=', id).executeTakeFirst();
    if (!found) throw notFound('Team', id);
    return found;
  }
  const row = await ctx.db
    .updateTable('team')
    .set(values)
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  if (!row) throw notFound('Team', id);
  return row;
}
