import type { Ctx } from '../../kernel/context.ts';
import { AppError, notFound } from '../../kernel/errors.ts';

/**
 * Makes exactly these staff the members of a team. A staff member belongs to one team, so adding
 * someone here moves them out of their previous team.
 */
export async function setTeamMembers(
  ctx: Pick<Ctx, 'db'>,
  teamId: string,
  members: { staffId: string; weight?: number }[],
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const team = await trx
      .selectFrom('team')
      .select('id')
      .where('id', '=', teamId)
      .forUpdate()
      .executeTakeFirst();
    if (!team) throw notFound('Team', teamId);
    const ids = members.map((m) => m.staffId);
    if (ids.length) {
      const known = await trx.selectFrom('staff').select('id').where('id', 'in', ids).execute();
      const missing = ids.filter((id) => !known.some((k) => k.id === id));
      if (missing.length) throw new AppError('validation_failed', `staff ${missing.join(', ')} do not exist`);
    }
    await trx.deleteFrom('team_member').where('team_id', '=', teamId).execute();
    if (ids.length) {
      await trx
        .insertInto('team_member')
        .values(members.map((m) => ({ staff_id: m.staffId, team_id: teamId, weight: m.weight ?? 1 })))
        .onConflict((oc) =>
          oc.column('staff_id').doUpdateSet((eb) => ({
            team_id: eb.ref('excluded.team_id'),
            weight: eb.ref('excluded.weight'),
          })),
        )
        .execute();
    }
  });
}
