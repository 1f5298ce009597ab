import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { purchaseFactsSql } from '../../customers/index.ts';
import { listTiers } from './list-tiers.ts';
import type { TierView } from './schemas.ts';

const DAY = 86_400_000;

/** The customer's value on a tier's criterion (spend in minor units, points, or days). */
async function valueOn(ctx: Ctx, customerId: string, t: TierView): Promise<number> {
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - t.windowDays * DAY);
  if (t.criterion === 'points') {
    const r = await sql<{ p: string | null }>`select sum(points) as p from loyalty_ledger
      where customer_id = ${customerId} and kind in ('earn', 'cancel') and created_at >= ${since}`.execute(
      ctx.db,
    );
    return Number(r.rows[0]?.p ?? 0);
  }
  const spends = t.criterion === 'spend' && t.currency ? [{ currency: t.currency, since }] : [];
  const r = await sql<{ tenure_days: number; spend_0?: string }>`select * from ${purchaseFactsSql(
    { spends, customerIds: [customerId] },
    now,
  )} f`.execute(ctx.db);
  const row = r.rows[0];
  return t.criterion === 'tenure' ? (row?.tenure_days ?? 0) : Number(row?.spend_0 ?? 0);
}

/** A customer's tier, override and progress to the next tier up, for the 360. */
export async function getCustomerTier(ctx: Ctx, customerId: string) {
  const tiers = await listTiers(ctx);
  const [member, override] = await Promise.all([
    ctx.db
      .selectFrom('loyalty_tier_member')
      .selectAll()
      .where('customer_id', '=', customerId)
      .executeTakeFirst(),
    ctx.db
      .selectFrom('loyalty_tier_override')
      .selectAll()
      .where('customer_id', '=', customerId)
      .executeTakeFirst(),
  ]);
  const current = tiers.find((t) => t.id === member?.tier_id) ?? null;
  const next = [...tiers].reverse().find((t) => t.rank > (current?.rank ?? 0)) ?? null;
  return {
    tier: current && { id: current.id, name: current.name, rank: current.rank },
    since: member?.since ?? null,
    belowSince: member?.below_since ?? null,
    override: override ? { tierId: override.tier_id, until: override.until, reason: override.reason } : null,
    next: next && {
      id: next.id,
      name: next.name,
      criterion: next.criterion,
      currency: next.currency,
      threshold: next.threshold,
      value: await valueOn(ctx, customerId, next),
    },
  };
}
