import { sql } from 'kysely';
import { DAY_MS } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/context.ts';
import { getCustomerNames, outcomesAfter } from '../../customers/index.ts';
import { listTiers } from './list-tiers.ts';

/** How far back retention looks: members then, still active in the last 30 days. */
export const RETENTION_DAYS = 90;

/**
 * The managers' tier dashboard: members per tier, moves up and down per month, retention and
 * revenue per tier, and the customers closest to their next tier. Revenue (365 days, net of
 * refunds, in `currency`) and retention read the timeline through customers' `outcomesAfter`
 * relation, the same definitions as the event and uplift reports: a member 90 days ago is
 * retained when they bought or got in touch in the last 30 days. The close list is what the
 * last evaluation wrote (evaluate-tiers.ts), with the value the 360 shows.
 */
export async function tierDashboard(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  q: { currency?: string | undefined; months: number; closeLimit: number },
) {
  const now = ctx.clock.now();
  const tiers = await listTiers(ctx);
  // Without a currency asked for, the spend tiers' (or US dollars, as the other reports).
  const currency = q.currency ?? tiers.find((t) => t.currency)?.currency ?? 'USD';
  const rank = new Map(tiers.map((t) => [t.id, t.rank]));
  const firstMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (q.months - 1), 1));
  const back = new Date(now.getTime() - RETENTION_DAYS * DAY_MS);
  const [members, moves, revenue, retention, close] = await Promise.all([
    sql<{ tier_id: string; n: number }>`
      select tier_id, count(*)::int as n from loyalty_tier_member group by tier_id`.execute(ctx.db),
    sql<{ month: string; from_tier_id: string | null; to_tier_id: string | null; n: number }>`
      select to_char(date_trunc('month', changed_at at time zone 'UTC'), 'YYYY-MM') as month,
        from_tier_id, to_tier_id, count(*)::int as n
      from loyalty_tier_change where changed_at >= ${firstMonth} and changed_at <= ${now}
      group by 1, 2, 3`.execute(ctx.db),
    sql<{ tier_id: string; revenue: number }>`
      select o.tier_id, sum(o.pre_spend)::float8 as revenue from (${outcomesAfter(
        sql`select customer_id, tier_id, ${now}::timestamptz as eligible_at from loyalty_tier_member`,
        currency,
      )}) o group by o.tier_id`.execute(ctx.db),
    // Membership 90 days ago: each customer's last change up to then.
    sql<{ tier_id: string; n: number; retained: number }>`
      select o.tier_id, count(*)::int as n, count(*) filter (where o.active_90)::int as retained
      from (${outcomesAfter(
        sql`select * from (select distinct on (customer_id) customer_id, to_tier_id as tier_id,
              ${back}::timestamptz as eligible_at
            from loyalty_tier_change where changed_at <= ${back}
            order by customer_id, changed_at desc, id desc) w where tier_id is not null`,
        currency,
      )}) o group by o.tier_id`.execute(ctx.db),
    sql<{ customer_id: string; tier_id: string; value: string; threshold: string }>`
      select customer_id, tier_id, value, threshold from loyalty_tier_progress
      order by value::float8 / greatest(threshold, 1) desc, customer_id limit ${q.closeLimit}`.execute(
      ctx.db,
    ),
  ]);
  const names = await getCustomerNames(
    ctx,
    close.rows.map((r) => r.customer_id),
  );
  const closeCount = await sql<{ tier_id: string; n: number }>`
    select tier_id, count(*)::int as n from loyalty_tier_progress group by tier_id`.execute(ctx.db);
  const by = <T extends { tier_id: string }>(rows: T[], id: string) => rows.find((r) => r.tier_id === id);
  const monthKeys = Array.from({ length: q.months }, (_, n) => {
    const d = new Date(Date.UTC(firstMonth.getUTCFullYear(), firstMonth.getUTCMonth() + n, 1));
    return d.toISOString().slice(0, 7);
  });
  const up = (m: { from_tier_id: string | null; to_tier_id: string | null }) =>
    (m.to_tier_id ? (rank.get(m.to_tier_id) ?? 0) : 0) >
    (m.from_tier_id ? (rank.get(m.from_tier_id) ?? 0) : 0);
  return {
    asOf: now,
    currency,
    retentionDays: RETENTION_DAYS,
    tiers: tiers.map((t) => {
      const r = by(retention.rows, t.id);
      return {
        id: t.id,
        name: t.name,
        rank: t.rank,
        criterion: t.criterion,
        currency: t.currency,
        threshold: t.threshold,
        members: by(members.rows, t.id)?.n ?? 0,
        revenue365: Math.round(by(revenue.rows, t.id)?.revenue ?? 0),
        retention: {
          members: r?.n ?? 0,
          retained: r?.retained ?? 0,
          share: r?.n ? r.retained / r.n : null,
        },
        close: by(closeCount.rows, t.id)?.n ?? 0,
      };
    }),
    months: monthKeys.map((month) => {
      const ms = moves.rows.filter((m) => m.month === month);
      return {
        month,
        up: ms.filter(up).reduce((s, m) => s + m.n, 0),
        down: ms.filter((m) => !up(m)).reduce((s, m) => s + m.n, 0),
      };
    }),
    close: close.rows.map((r) => ({
      customerId: r.customer_id,
      name: names.get(r.customer_id) ?? null,
      tierId: r.tier_id,
      tierName: tiers.find((t) => t.id === r.tier_id)?.name ?? '',
      value: Number(r.value),
      threshold: Number(r.threshold),
    })),
  };
}
