import type { Ctx } from '../../../kernel/context.ts';
import type { Db } from '../../../kernel/db/pool.ts';
import { getReferralSettings, type ReferralSettings } from './get-referral-settings.ts';

/** Changes the referral points; referrals already credited (or claimed) keep what they were given. */
export async function updateReferralSettings(
  ctx: Pick<Ctx, 'db'>,
  patch: Partial<ReferralSettings>,
  opts: { audit?: (trx: Db) => Promise<void> } = {},
): Promise<ReferralSettings> {
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('loyalty_referral_settings')
      .set({
        ...(patch.referrerPoints !== undefined && { referrer_points: patch.referrerPoints }),
        ...(patch.refereePoints !== undefined && { referee_points: patch.refereePoints }),
        updated_at: new Date(),
      })
      .execute();
    await opts.audit?.(trx);
  });
  return getReferralSettings(ctx);
}
