import type { Ctx } from '../../../kernel/context.ts';
import type { StaffRecognition } from './options.ts';

/** A staff member's answer to "which recognition do you value?"; asking again replaces it. */
export async function setStaffRewardPreference(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  staffId: string,
  choices: StaffRecognition[],
): Promise<{ choices: string[]; updatedAt: Date }> {
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('people_staff_reward_preference')
    .values({ staff_id: staffId, choices, updated_at: now })
    .onConflict((oc) => oc.column('staff_id').doUpdateSet({ choices, updated_at: now }))
    .execute();
  return { choices, updatedAt: now };
}
