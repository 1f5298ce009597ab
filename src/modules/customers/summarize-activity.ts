import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';

export type ActivityWindow = { key: string; customerId: string; from: Date; to: Date };
export type ActivitySummary = { active: boolean; spend: { currency: string; minor: number }[] };

/**
 * For each (customer, window): did the customer do anything in it (a purchase or any inbound
 * touchpoint, not our own outreach or system records), and what did they spend. One query for
 * all windows; used to measure what happened after an intervention.
 */
export async function summarizeActivity(
  ctx: Pick<Ctx, 'db'>,
  windows: ActivityWindow[],
): Promise<Map<string, ActivitySummary>> {
  const out = new Map<string, ActivitySummary>();
  if (windows.length === 0) return out;
  const col = <T>(f: (w: ActivityWindow) => T) => windows.map(f);
  const rows = await sql<{
    key: string;
    active: boolean;
    spend: { currency: string; minor: number }[] | null;
  }>`
    select w.key,
      exists (select 1 from interaction i where i.customer_id = w.customer_id and i.occurred_at > w.f and i.occurred_at <= w.t
              and i.channel <> 'system' and (i.kind = 'purchase' or i.direction = 'inbound')) as active,
      (select json_agg(json_build_object('currency', s.currency, 'minor', s.minor) order by s.currency) from (
         select currency, sum(case when kind = 'refund' then -amount_minor else amount_minor end)::bigint as minor
         from interaction i where i.customer_id = w.customer_id and i.occurred_at > w.f and i.occurred_at <= w.t
           and kind in ('purchase', 'refund') and currency is not null group by currency) s) as spend
    from unnest(${col((w) => w.key)}::text[], ${col((w) => w.customerId)}::uuid[],
                ${col((w) => w.from.toISOString())}::timestamptz[], ${col((w) => w.to.toISOString())}::timestamptz[])
      as w(key, customer_id, f, t)`.execute(ctx.db);
  for (const r of rows.rows) {
    out.set(r.key, {
      active: r.active,
      spend: (r.spend ?? []).map((s) => ({ currency: s.currency, minor: Number(s.minor) })),
    });
  }
  return out;
}
