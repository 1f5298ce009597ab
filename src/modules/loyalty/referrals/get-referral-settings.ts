import type { Ctx } from '../../../kernel/context.ts';

export type ReferralSettings = { referrerPoints: number; refereePoints: number };

/** Points each side of a referral earns on the referred customer's first purchase. */
export async function getReferralSettings(ctx: Pick<Ctx, 'db'>): Promise<ReferralSettings> {
  const row = await ctx.db
    .selectFrom('loyalty_referral_settings')
    .select(['referrer_points', 'referee_points'])
    .executeTakeFirstOrThrow();
  return { referrerPoints: row.referrer_points, refereePoints: row.referee_points };
}
