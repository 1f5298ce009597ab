import type { Ctx } from '../../../kernel/context.ts';
import { computeLots } from './compute-lots.ts';
import { addDays, getLoyaltySettings } from './loyalty-settings.ts';

export const EXPIRING_SOON_DAYS = 30;

export type PointsSummary = {
  customerId: string;
  /** Spendable now. */
  available: number;
  /** Earned but still in the pending period (less what refunds cancelled). */
  pending: number;
  /** Of the available points, those that expire within 30 days, soonest first. */
  expiringSoon: { points: number; expiresAt: Date }[];
  expiringSoonTotal: number;
};

/** A customer's available and pending points and what expires soon, read from the ledger alone. */
export async function readPoints(ctx: Pick<Ctx, 'db' | 'clock'>, customerId: string): Promise<PointsSummary> {
  const now = ctx.clock.now();
  const [rows, settings] = await Promise.all([
    ctx.db
      .selectFrom('loyalty_ledger')
      .select(['id', 'points', 'kind', 'effective_at', 'available_at', 'properties'])
      .where('customer_id', '=', customerId)
      .execute(),
    getLoyaltySettings(ctx.db),
  ]);
  let available = 0;
  let pending = 0;
  for (const r of rows) {
    if (r.available_at <= now) available += r.points;
    else pending += r.points;
  }
  const horizon = addDays(now, EXPIRING_SOON_DAYS);
  const expiringSoon = computeLots(rows, settings)
    .filter((l) => l.availableAt <= now && l.expiresAt && l.expiresAt <= horizon)
    .map((l) => ({ points: l.left, expiresAt: l.expiresAt as Date }))
    .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime());
  return {
    customerId,
    available,
    pending,
    expiringSoon,
    expiringSoonTotal: expiringSoon.reduce((s, e) => s + e.points, 0),
  };
}
