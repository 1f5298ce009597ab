import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import type { ServiceLevel } from '../../loop/index.ts';
import type { TierOf } from '../tier-lookup.ts';

/** Current tiers of these customers (tiersOf(), for earn rules: `multiplier` is the tier's). */
export async function lookupTiers(
  ctx: Pick<Ctx, 'db'>,
  customerIds: readonly string[],
): Promise<Map<string, TierOf & { multiplier: number }>> {
  if (customerIds.length === 0) return new Map();
  const rows = await sql<{ customer_id: string; id: string; name: string; rank: number; m: string }>`
    select m.customer_id, t.id, t.name, t.rank, t.earn_multiplier as m
    from loyalty_tier_member m join loyalty_tier t on t.id = m.tier_id
    where m.customer_id = any(${[...customerIds]}::uuid[])`.execute(ctx.db);
  return new Map(
    rows.rows.map((r) => [
      r.customer_id,
      { tierId: r.id, name: r.name, rank: r.rank, multiplier: Number(r.m) },
    ]),
  );
}

/** The service level of a customer's tier, for the loop when it opens a case. */
export async function tierServiceLevel(
  ctx: Pick<Ctx, 'db'>,
  customerId: string,
): Promise<ServiceLevel | null> {
  const t = await ctx.db
    .selectFrom('loyalty_tier_member as m')
    .innerJoin('loyalty_tier as t', 't.id', 'm.tier_id')
    .select(['t.name', 't.case_priority', 't.first_response_minutes', 't.resolution_minutes'])
    .where('m.customer_id', '=', customerId)
    .executeTakeFirst();
  if (!t || (t.case_priority === null && t.first_response_minutes === null && t.resolution_minutes === null))
    return null;
  return {
    priority: t.case_priority,
    firstContactMinutes: t.first_response_minutes,
    resolutionMinutes: t.resolution_minutes,
    label: `${t.name} tier`,
  };
}

/** Members of tiers that go first on call lists, with their tier's rank. */
export async function tierCallListBoost(
  ctx: Pick<Ctx, 'db'>,
  ids: readonly string[],
): Promise<Map<string, number>> {
  const rows = await ctx.db
    .selectFrom('loyalty_tier_member as m')
    .innerJoin('loyalty_tier as t', 't.id', 'm.tier_id')
    .select(['m.customer_id', 't.rank'])
    .where('t.call_list_first', '=', true)
    .where('m.customer_id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.customer_id, r.rank]));
}
