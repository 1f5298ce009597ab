import type { Ctx } from '../../kernel/context.ts';

/**
 * The team of each of these staff members (null: in no team), read fresh: permission checks
 * must see a move between teams at once, so they do not use the routing roster's cache.
 */
export async function findTeams(
  ctx: Pick<Ctx, 'db'>,
  staffIds: readonly (string | null | undefined)[],
): Promise<Map<string, string | null>> {
  const ids = [...new Set(staffIds.filter((s): s is string => !!s))];
  const teams = new Map<string, string | null>(ids.map((id) => [id, null]));
  if (!ids.length) return teams;
  const rows = await ctx.db
    .selectFrom('team_member')
    .select(['staff_id', 'team_id'])
    .where('staff_id', 'in', ids)
    .execute();
  for (const r of rows) teams.set(r.staff_id, r.team_id);
  return teams;
}
