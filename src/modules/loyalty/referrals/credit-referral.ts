import type { Ctx } from '../../../kernel/context.ts';
import { defineJob } from '../../../kernel/context.ts';
import { grantReward } from '../grant-reward.ts';

export type CreditResult = { referralId: number; referrer: boolean; referee: boolean };

/**
 * Credits both sides of a referral whose first purchase was claimed (see referral-listener.ts).
 * Exactly once however often it runs, and on however many workers: each grant is keyed
 * `referral:<id>:referrer|referee`, and the points were frozen on the referral when the purchase
 * claimed it, so a retry after a settings change grants the same. `credited_at` is set last,
 * when both grants exist.
 */
export async function creditReferral(
  ctx: Pick<Ctx, 'db' | 'queue' | 'clock'>,
  referralId: number,
): Promise<CreditResult> {
  const r = await ctx.db
    .selectFrom('loyalty_referral')
    .selectAll()
    .where('id', '=', referralId)
    .where('status', '=', 'accepted')
    .executeTakeFirst();
  if (!r || !r.credited_on || !r.referrer_id) return { referralId, referrer: false, referee: false };
  const properties = { referralId, purchase: r.credited_on, code: r.code };
  const grant = (customerId: string, side: 'referrer' | 'referee', points: number | null) =>
    points
      ? grantReward(ctx, {
          customerId,
          key: `referral:${referralId}:${side}`,
          points,
          reason: side === 'referrer' ? 'Referred a new customer' : 'Joined through a referral',
          source: 'referrals',
          properties: { ...properties, side },
        })
      : Promise.resolve({ granted: false });
  const referrer = await grant(r.referrer_id, 'referrer', r.referrer_points);
  const referee = await grant(r.referred_id, 'referee', r.referee_points);
  await ctx.db
    .updateTable('loyalty_referral')
    .set({ credited_at: ctx.clock.now() })
    .where('id', '=', referralId)
    .where('credited_at', 'is', null)
    .execute();
  return { referralId, referrer: referrer.granted, referee: referee.granted };
}

export const creditReferralJob = defineJob<{ referralId: number }>({
  name: 'loyalty.credit-referral',
  retryLimit: 10,
  notify: true,
  handle: (ctx, data) => creditReferral(ctx, data.referralId),
});
