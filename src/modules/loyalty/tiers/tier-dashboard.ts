import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';

/** Members per tier, and this month's moves (UTC month of the clock) by tier and cause. */
export async function tierDashboard(ctx: Pick<Ctx, 'db' | 'clock'>) {
  const now = ctx.clock.now();
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const [members, moves] = await Promise.all([
    sql<{ id: string; name: string; rank: number; members: number }>`
      select t.id, t.name, t.rank, count(m.customer_id)::int as members
      from loyalty_tier t left join loyalty_tier_member m on m.tier_id = t.id
      group by t.id order by t.rank desc`.execute(ctx.db),
    sql<{ to_tier_id: string | null; cause: string; n: number }>`
      select to_tier_id, cause, count(*)::int as n from loyalty_tier_change
      where changed_at >= ${monthStart} group by 1, 2`.execute(ctx.db),
  ]);
  return {
    monthStart,
    tiers: members.rows.map((r) => ({ id: r.id, name: r.name, rank: r.rank, members: r.members })),
    moves: moves.rows.map((r) => ({ toTierId: r.to_tier_id, cause: r.cause, count: r.n })),
  };
}
