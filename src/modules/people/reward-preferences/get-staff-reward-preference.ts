import type { Ctx } from '../../../kernel/context.ts';

/** A staff member's own answer, or no choices when they have not answered yet. */
export async function getStaffRewardPreference(
  ctx: Pick<Ctx, 'db'>,
  staffId: string,
): Promise<{ choices: string[]; updatedAt: Date | null }> {
  const row = await ctx.db
    .selectFrom('people_staff_reward_preference')
    .select(['choices', 'updated_at'])
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
  return { choices: row?.choices ?? [], updatedAt: row?.updated_at ?? null };
}
