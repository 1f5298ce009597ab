import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { explainChange } from './health/compute-health.ts';
import { renderComponents } from './health/render-components.ts';
import type { StoredComponent } from './tables.ts';

export type HealthDrop = {
  customerId: string;
  /** Highest health in the window and when it was. */
  from: number;
  fromOn: string;
  to: number;
  drop: number;
  /** Components that moved the most between the peak and now, in weighted points. */
  movedBy: { key: string; label: string; from: number | null; to: number; points: number }[];
};

/**
 * Customers whose health fell at least `points` below its highest reading in the last `days` days
 * ("fell 20 points in 30 days"): what the loop module's scheduled red-flag rules call. One query
 * over the history; `customerIds` narrows it for event-time checks.
 */
export async function detectHealthDrops(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  opts: { points: number; days: number; customerIds?: string[]; limit?: number },
): Promise<HealthDrop[]> {
  const since = new Date(ctx.clock.now().getTime() - opts.days * 86_400_000).toISOString().slice(0, 10);
  const only = opts.customerIds ? sql`and customer_id = any(${opts.customerIds}::uuid[])` : sql``;
  const rows = await sql<{
    customer_id: string;
    peak: number;
    peak_on: string;
    peak_components: Record<string, number>;
    health: number;
    components: StoredComponent[];
  }>`
    with peak as (
      select distinct on (customer_id) customer_id, health as peak, scored_on::text as peak_on, components as peak_components
      from insight_score_history
      where scored_on >= ${since}::date and health is not null ${only}
      order by customer_id, health desc, scored_on desc
    )
    select p.*, s.health, s.health_components as components
    from peak p join insight_score s using (customer_id)
    -- A customer who cancelled has left: their falling health is no warning any more.
    where s.health is not null and s.status <> 'churned' and p.peak - s.health >= ${opts.points}
    order by p.peak - s.health desc, p.customer_id
    limit ${opts.limit ?? 10_000}`.execute(ctx.db);
  return rows.rows.map((r) => ({
    customerId: r.customer_id,
    from: r.peak,
    fromOn: r.peak_on,
    to: r.health,
    drop: r.peak - r.health,
    movedBy: explainChange(renderComponents(r.components), r.peak_components),
  }));
}
