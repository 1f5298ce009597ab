import { type RawBuilder, sql } from 'kysely';

/** How far back "pre-period spend" looks from the moment a customer became eligible. */
export const PRE_PERIOD_DAYS = 365;

/**
 * What each customer did around a moment, as a relation other modules can aggregate in SQL
 * without reading the timeline themselves. `source` is any query with `customer_id` and
 * `eligible_at` columns (other columns pass through); each row gains, from the customer's
 * touchpoints (one index range scan on (customer_id, occurred_at) per row):
 *
 * - `pre_spend`: purchases minus refunds in `currency` in the 365 days before `eligible_at`;
 * - `active_30`, `active_90`: still active N days on — a purchase or an inbound touchpoint
 *   (not our own outreach, not system records) in the 30 days up to day N (days 0–30, 60–90);
 * - `purchased_30`, `purchased_90`: a purchase within N days (reactivation);
 * - `revenue_30`, `revenue_90`: purchases minus refunds in `currency` within N days.
 *
 * Outcomes are 0 until their window has passed; the caller counts only matured windows.
 */
export function outcomesAfter(source: RawBuilder<unknown>, currency: string): RawBuilder<unknown> {
  const signed = sql`case when i.kind = 'refund' then -i.amount_minor else i.amount_minor end`;
  const spend = sql`i.kind in ('purchase', 'refund') and i.currency = ${currency}`;
  const active = sql`i.channel <> 'system' and (i.kind = 'purchase' or i.direction = 'inbound')`;
  const after = (from: number, to: number) =>
    sql`i.occurred_at > w.eligible_at + make_interval(days => ${sql.lit(from)}) and i.occurred_at <= w.eligible_at + make_interval(days => ${sql.lit(to)})`;
  return sql`
    select w.*, o.* from (${source}) w cross join lateral (
      select
        coalesce(sum(${signed}) filter (where ${spend} and i.occurred_at <= w.eligible_at), 0)::float8 as pre_spend,
        coalesce(bool_or(${active} and ${after(0, 30)}), false) as active_30,
        coalesce(bool_or(${active} and ${after(60, 90)}), false) as active_90,
        coalesce(bool_or(i.kind = 'purchase' and ${after(0, 30)}), false) as purchased_30,
        coalesce(bool_or(i.kind = 'purchase' and ${after(0, 90)}), false) as purchased_90,
        coalesce(sum(${signed}) filter (where ${spend} and ${after(0, 30)}), 0)::float8 as revenue_30,
        coalesce(sum(${signed}) filter (where ${spend} and ${after(0, 90)}), 0)::float8 as revenue_90
      from interaction i
      where i.customer_id = w.customer_id
        and i.occurred_at > w.eligible_at - make_interval(days => ${sql.lit(PRE_PERIOD_DAYS)})
        and i.occurred_at <= w.eligible_at + make_interval(days => 90)
    ) o`;
}
