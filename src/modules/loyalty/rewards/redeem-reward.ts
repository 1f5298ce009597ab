import { randomInt } from 'node:crypto';
import type { Ctx } from '../../../kernel/context.ts';
import type { Db } from '../../../kernel/db/pool.ts';
import { AppError, notFound } from '../../../kernel/errors.ts';
import { recordInteractions } from '../../customers/index.ts';
import { recordAuditBy } from '../../staff/index.ts';
import { lockCustomerPoints } from '../ledger/customer-lock.ts';
import { takePointsIn } from '../ledger/spend-points.ts';
import { getRedemption } from './list-redemptions.ts';
import type { RedemptionView } from './schemas.ts';

type AuditBy = Parameters<typeof recordAuditBy>[1];

export type Redeem = {
  customerId: string;
  rewardId: string;
  /** The same key redeems once: a retry answers with the first redemption. */
  key: string;
  channel: 'staff' | 'public' | 'gift';
  staffId?: string | null;
  /** Gifts: where the gift was sent from. */
  source?: { kind: 'case' | 'call'; ref: string } | null;
  note?: string | null;
};
export type RedeemResult = { redemption: RedemptionView; replayed: boolean };

// No 0/O or 1/I, as offer codes: codes are read out on the phone and typed from paper.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const generatedCode = (prefix: string | null) => {
  const body = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return prefix ? `${prefix}-${body}` : body;
};

/**
 * Redeems a reward for a customer, or sends it as a gift, in one transaction under the customer's
 * points lock: the spend (none for a gift: the customer did not ask for it), one unit of stock,
 * the code (generated, or the next free one of the pool) and the redemption row commit together
 * or not at all. Not enough points, no stock, no codes left or an inactive reward is a 409 that
 * changes nothing. Staff redemptions and gifts are audited in the same transaction; the timeline
 * entry is written after, keyed by the redemption, so a retry writes it once.
 */
export async function redeemReward(
  ctx: Pick<Ctx, 'db' | 'clock' | 'queue'>,
  r: Redeem,
  by?: AuditBy,
): Promise<RedeemResult> {
  const { id, replayed } = await ctx.db.transaction().execute(async (trx) => {
    await lockCustomerPoints(trx, r.customerId);
    const existing = await trx
      .selectFrom('loyalty_redemption')
      .select(['id', 'reward_id'])
      .where('customer_id', '=', r.customerId)
      .where('idempotency_key', '=', r.key)
      .executeTakeFirst();
    if (existing) {
      if (existing.reward_id !== r.rewardId)
        throw new AppError('conflict', `The key ${r.key} was already used for another reward`, {
          field: 'key',
        });
      return { id: existing.id, replayed: true };
    }
    return { id: await redeemIn(trx, ctx.clock.now(), r, by), replayed: false };
  });
  const redemption = await getRedemption(ctx, id);
  await noteOnTimeline(ctx, redemption);
  return { redemption, replayed };
}

async function redeemIn(trx: Db, now: Date, r: Redeem, by: AuditBy | undefined): Promise<number> {
  const reward = await trx
    .selectFrom('loyalty_reward')
    .selectAll()
    .where('id', '=', r.rewardId)
    .executeTakeFirst();
  if (!reward) throw notFound('Reward', r.rewardId);
  if (!reward.active) throw new AppError('conflict', `The reward "${reward.name}" is no longer offered`);
  if (reward.stock !== null) {
    // Atomic decrement: the row lock orders parallel redemptions of the same reward, and the
    // check in the WHERE clause means the last unit is given once.
    const left = await trx
      .updateTable('loyalty_reward')
      .set((eb) => ({ stock: eb('stock', '-', 1) }))
      .where('id', '=', reward.id)
      .where('stock', '>', 0)
      .returning('stock')
      .executeTakeFirst();
    if (!left)
      throw new AppError('conflict', `The reward "${reward.name}" is out of stock`, {
        reason: 'out-of-stock',
      });
  }
  const points = r.channel === 'gift' ? 0 : reward.points;
  const spend =
    points > 0
      ? await takePointsIn(
          trx,
          now,
          {
            customerId: r.customerId,
            key: `redeem:${r.key}`,
            points,
            reason: `Redeemed: ${reward.name}`,
            source: 'reward',
            properties: { rewardId: reward.id },
          },
          'spend',
        )
      : null;
  const row = await trx
    .insertInto('loyalty_redemption')
    .values({
      reward_id: reward.id,
      customer_id: r.customerId,
      idempotency_key: r.key,
      points,
      code: null,
      channel: r.channel,
      staff_id: r.staffId ?? null,
      source_kind: r.source?.kind ?? null,
      source_ref: r.source?.ref ?? null,
      note: r.note ?? null,
      ledger_entry_id: spend?.entryId ?? null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const code = await issueCode(trx, reward, row.id);
  if (code) await trx.updateTable('loyalty_redemption').set({ code }).where('id', '=', row.id).execute();
  if (by?.actor)
    await recordAuditBy(trx, by, {
      action: r.channel === 'gift' ? 'loyalty.gift.send' : 'loyalty.reward.redeem',
      customerId: r.customerId,
      target: String(row.id),
      details: { rewardId: reward.id, points, source: r.source ?? null },
    });
  return row.id;
}

async function issueCode(
  trx: Db,
  reward: { id: string; name: string; code_source: string; code_prefix: string | null },
  redemptionId: number,
): Promise<string | null> {
  if (reward.code_source === 'none') return null;
  if (reward.code_source === 'pool') {
    // SKIP LOCKED: parallel redemptions take different codes, and none waits for another.
    const row = await trx
      .updateTable('loyalty_reward_code')
      .set({ redemption_id: redemptionId })
      .where('code', '=', (eb) =>
        eb
          .selectFrom('loyalty_reward_code')
          .select('code')
          .where('reward_id', '=', reward.id)
          .where('redemption_id', 'is', null)
          .orderBy('code')
          .limit(1)
          .forUpdate()
          .skipLocked(),
      )
      .returning('code')
      .executeTakeFirst();
    if (!row)
      throw new AppError('conflict', `The reward "${reward.name}" has no codes left`, {
        reason: 'no-codes-left',
      });
    return row.code;
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = generatedCode(reward.code_prefix);
    const taken = await trx
      .selectFrom('loyalty_redemption')
      .select('id')
      .where('code', '=', code)
      .executeTakeFirst();
    if (!taken) return code;
  }
  throw new Error('could not generate a unique reward code in 5 attempts');
}

async function noteOnTimeline(ctx: Pick<Ctx, 'db' | 'queue'>, d: RedemptionView) {
  const gift = d.channel === 'gift';
  const what = [d.code ? `code ${d.code}` : '', d.points ? `${d.points} points` : '']
    .filter(Boolean)
    .join(', ');
  await recordInteractions(ctx, [
    {
      customer: { id: d.customerId },
      source: 'loyalty',
      // One entry per redemption, however often it is retried.
      sourceId: `redemption:${d.id}`,
      channel: 'system',
      kind: gift ? 'gift-sent' : 'reward-redeemed',
      direction: 'outbound',
      occurredAt: d.createdAt,
      subject: `${gift ? 'Gift sent' : 'Reward redeemed'}: ${d.rewardName}${what ? ` (${what})` : ''}`,
      properties: {
        redemptionId: d.id,
        rewardId: d.rewardId,
        code: d.code,
        points: d.points,
        channel: d.channel,
        ...(d.sourceKind && { from: { kind: d.sourceKind, ref: d.sourceRef } }),
        ...(d.staffId && { staffId: d.staffId }),
      },
    },
  ]);
}
