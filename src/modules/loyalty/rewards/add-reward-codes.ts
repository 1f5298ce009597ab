import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { recordAuditBy } from '../../staff/index.ts';
import { getReward } from './list-rewards.ts';

type AuditBy = Parameters<typeof recordAuditBy>[1];

/**
 * Uploads codes (from the shop or the partner that will accept them) to a pool reward. A code
 * already known, in this reward or another, is skipped and counted: a code names one reward.
 */
export async function addRewardCodes(
  ctx: Pick<Ctx, 'db'>,
  rewardId: string,
  codes: string[],
  by: AuditBy,
): Promise<{ added: number; alreadyKnown: number }> {
  const reward = await getReward(ctx, rewardId);
  if (reward.codeSource !== 'pool')
    throw new AppError('conflict', 'This reward does not take uploaded codes; only pool rewards do');
  const unique = [...new Set(codes)];
  if (unique.length === 0) return { added: 0, alreadyKnown: 0 };
  return ctx.db.transaction().execute(async (trx) => {
    const added = await trx
      .insertInto('loyalty_reward_code')
      .values(unique.map((code) => ({ code, reward_id: rewardId })))
      .onConflict((oc) => oc.column('code').doNothing())
      .returning('code')
      .execute();
    await recordAuditBy(trx, by, {
      action: 'loyalty.reward.codes',
      target: rewardId,
      details: { added: added.length, uploaded: codes.length },
    });
    return { added: added.length, alreadyKnown: codes.length - added.length };
  });
}
