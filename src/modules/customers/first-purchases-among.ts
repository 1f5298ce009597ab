import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';

/**
 * Which of these purchases is its customer's first (no purchase earlier in time, or at the same
 * instant with a smaller id), in index probes of interaction_purchase_idx (two conditions, so each stays a range). Loyalty's
 * "100 points on the first purchase" asks this without reading the timeline's table itself.
 */
export async function firstPurchasesAmong(
  ctx: Pick<Ctx, 'db'>,
  purchases: readonly { id: number; customerId: string; occurredAt: Date }[],
): Promise<Set<number>> {
  if (purchases.length === 0) return new Set();
  const r = await sql<{ id: string }>`
    select p.id from unnest(${purchases.map((p) => p.id)}::bigint[], ${purchases.map((p) => p.customerId)}::uuid[],
      ${purchases.map((p) => p.occurredAt.toISOString())}::timestamptz[]) as p(id, customer_id, occurred_at)
    where not exists (
      select 1 from interaction i
      where i.customer_id = p.customer_id and i.kind = 'purchase'
        and (i.occurred_at < p.occurred_at or (i.occurred_at = p.occurred_at and i.id < p.id)))`.execute(
    ctx.db,
  );
  return new Set(r.rows.map((x) => Number(x.id)));
}
