import type { Ctx } from '../../../kernel/context.ts';
import type { Db } from '../../../kernel/db/pool.ts';
import { AppError } from '../../../kernel/errors.ts';
import { availablePoints, lockCustomerPoints } from './customer-lock.ts';

export type TakePoints = {
  customerId: string;
  /** The same key never takes points twice (a retried redemption is answered with the first result). */
  key: string;
  points: number;
  reason: string;
  source: string;
  properties?: Record<string, unknown>;
};
export type TakeResult = { taken: boolean; entryId: number; points: number; available: number };

/**
 * Takes points from a customer's available balance, exactly once per key: under the customer's
 * lock, a retry finds its entry and changes nothing; a spend larger than what is available is
 * refused (409) and writes nothing. Used by redemptions ('spend') and staff corrections ('adjust').
 */
export async function takePoints(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  t: TakePoints,
  kind: 'spend' | 'adjust',
  /** Runs in the same transaction after a new entry (the audit of a staff adjustment). */
  after?: (trx: Db, entryId: number) => Promise<void>,
): Promise<TakeResult> {
  if (!Number.isSafeInteger(t.points) || t.points <= 0)
    throw new AppError('validation_failed', 'points must be a positive whole number', { field: 'points' });
  return ctx.db.transaction().execute(async (trx) => {
    const r = await takePointsIn(trx, ctx.clock.now(), t, kind);
    if (r.taken) await after?.(trx, r.entryId);
    return r;
  });
}

/**
 * The same, inside the caller's transaction (a reward redemption spends, takes a code and
 * decrements stock in one commit). Takes the customer's lock, which it holds until that commit.
 */
export async function takePointsIn(
  trx: Db,
  now: Date,
  t: TakePoints,
  kind: 'spend' | 'adjust',
): Promise<TakeResult> {
  if (!Number.isSafeInteger(t.points) || t.points <= 0)
    throw new AppError('validation_failed', 'points must be a positive whole number', { field: 'points' });
  await lockCustomerPoints(trx, t.customerId);
  const existing = await trx
    .selectFrom('loyalty_ledger')
    .select(['id', 'points', 'kind'])
    .where('customer_id', '=', t.customerId)
    .where('idempotency_key', '=', t.key)
    .executeTakeFirst();
  if (existing) {
    if (existing.kind !== kind || existing.points !== -t.points)
      throw new AppError('conflict', `The key ${t.key} was already used for another entry`, {
        field: 'key',
      });
    return {
      taken: false,
      entryId: existing.id,
      points: t.points,
      available: await availablePoints(trx, t.customerId, now),
    };
  }
  const available = await availablePoints(trx, t.customerId, now);
  if (available < t.points)
    throw new AppError('conflict', `Not enough points: ${available} available, ${t.points} asked`, {
      available,
      asked: t.points,
    });
  const row = await trx
    .insertInto('loyalty_ledger')
    .values({
      customer_id: t.customerId,
      points: -t.points,
      reason: t.reason,
      source: t.source,
      idempotency_key: t.key,
      kind,
      properties: JSON.stringify(t.properties ?? {}),
      effective_at: now,
      available_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { taken: true, entryId: row.id, points: t.points, available: available - t.points };
}

/** Spends points (kind 'spend'), exactly once per key; never below the available balance. */
export function spendPoints(ctx: Pick<Ctx, 'db' | 'clock'>, t: TakePoints): Promise<TakeResult> {
  return takePoints(ctx, t, 'spend');
}
