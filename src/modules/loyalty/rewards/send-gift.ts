import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { getCase } from '../../loop/index.ts';
import type { recordAuditBy } from '../../staff/index.ts';
import { type RedeemResult, redeemReward } from './redeem-reward.ts';

type AuditBy = Parameters<typeof recordAuditBy>[1];

export type Gift = {
  customerId: string;
  rewardId: string;
  key: string;
  from: { kind: 'case' | 'call'; ref: string };
  note?: string | null;
  staffId: string | null;
};

/**
 * A small, unexpected gift from a rep, sent from a case or a call: a redemption that spends no
 * points (the customer did not ask for it), takes stock and a code like any other, is audited,
 * and lands on the timeline as `gift-sent` with where it came from. A case must be the customer's.
 */
export async function sendGift(
  ctx: Pick<Ctx, 'db' | 'clock' | 'queue'>,
  g: Gift,
  by: AuditBy,
): Promise<RedeemResult> {
  if (g.from.kind === 'case') {
    const c = await getCase(ctx, g.from.ref);
    if (c.customerId !== g.customerId)
      throw new AppError('validation_failed', 'That case is about another customer', { field: 'from.ref' });
  }
  return redeemReward(
    ctx,
    {
      customerId: g.customerId,
      rewardId: g.rewardId,
      key: `gift:${g.key}`,
      channel: 'gift',
      staffId: g.staffId,
      source: g.from,
      note: g.note ?? null,
    },
    by,
  );
}
