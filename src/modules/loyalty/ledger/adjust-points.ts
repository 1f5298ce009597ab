import type { Ctx } from '../../../kernel/context.ts';
import type { Db } from '../../../kernel/db/pool.ts';
import { AppError } from '../../../kernel/errors.ts';
import { recordAuditBy } from '../../staff/index.ts';
import { lockCustomerPoints } from './customer-lock.ts';
import { takePoints } from './spend-points.ts';

type AuditBy = Parameters<typeof recordAuditBy>[1];

export type Adjustment = { customerId: string; points: number; reason: string; key: string };

/**
 * A staff correction: adds points, or takes them (never below the available balance), with the
 * reason written on the entry and the audit entry committed with it. The key makes a double click
 * or a retried request one adjustment.
 */
export async function adjustPoints(ctx: Pick<Ctx, 'db' | 'clock'>, a: Adjustment, by: AuditBy) {
  if (!Number.isSafeInteger(a.points) || a.points === 0)
    throw new AppError('validation_failed', 'points must be a whole number other than 0', {
      field: 'points',
    });
  const key = `adjust:${a.key}`;
  const audit = (db: Db, entryId: number) =>
    recordAuditBy(db, by, {
      action: 'loyalty.adjust',
      customerId: a.customerId,
      target: String(entryId),
      details: { points: a.points, reason: a.reason },
    });
  if (a.points < 0) {
    const r = await takePoints(
      ctx,
      { customerId: a.customerId, key, points: -a.points, reason: a.reason, source: 'staff' },
      'adjust',
      audit,
    );
    return { adjusted: r.taken, entryId: r.entryId };
  }
  return ctx.db.transaction().execute(async (trx) => {
    await lockCustomerPoints(trx, a.customerId);
    const now = ctx.clock.now();
    const inserted = await trx
      .insertInto('loyalty_ledger')
      .values({
        customer_id: a.customerId,
        points: a.points,
        reason: a.reason,
        source: 'staff',
        idempotency_key: key,
        kind: 'adjust',
        effective_at: now,
        available_at: now,
      })
      .onConflict((oc) => oc.columns(['customer_id', 'idempotency_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) await audit(trx, inserted.id);
    return { adjusted: !!inserted, entryId: inserted?.id ?? null };
  });
}
