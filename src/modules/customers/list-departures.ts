import { sql } from 'kysely';
import { DAY_MS } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/context.ts';
import type { CustomerStatus } from './tables.ts';

export type Departure = {
  customerId: string;
  /** Days since 1970-01-01 (UTC). */
  firstSeenDay: number;
  status: CustomerStatus;
  /**
   * For a churned customer the day the cancellation was recorded; for a lapsed one the day the
   * lapse rule was met (`refreshStatuses` dates the change then); null for active customers.
   */
  leftDay: number | null;
};

/**
 * Every customer's first-seen day, status and, unless active, the day they left: the latest
 * status change to their current status on the timeline (a churned customer without one churned
 * when the record last changed). One pass over the status changes; the insight module builds
 * retention, survival and churn reasons from it, so they all count the same departures.
 */
export async function listDepartures(
  ctx: Pick<Ctx, 'db'>,
  opts: { through?: string } = {},
): Promise<Departure[]> {
  const end = opts.through ? sql`and c.first_seen_at < ${opts.through}::date + 1` : sql``;
  const query = (db: Ctx['db']) =>
    sql<{
      id: string;
      status: CustomerStatus;
      first_seen_day: number;
      left_day: number | null;
      updated_at: Date;
    }>`
    select c.id, c.status, c.updated_at, (c.first_seen_at::date - date '1970-01-01') as first_seen_day,
      (s.changed_at::date - date '1970-01-01') as left_day
    from customer c
    left join lateral (
      -- The status test inside, not in the join's ON: there it filtered the subquery's result
      -- after the timeline was read for every customer, active ones included (a million index
      -- scans at 1M); here it is a one-time filter that skips the scan.
      select max(i.occurred_at) as changed_at from interaction i
      where c.status <> 'active' and i.customer_id = c.id and i.kind in ('status-change', 'profile-update')
        and i.properties -> 'changes' -> 'status' ->> 'to' = c.status
    ) s on true
    where true ${end}`.execute(db);
  // A million nested-loop rows make the estimate pass the JIT thresholds, and compiling costs
  // more than it saves: off for this statement (inside a caller's transaction, left as it is).
  const rows = ctx.db.isTransaction
    ? await query(ctx.db)
    : await ctx.db.transaction().execute(async (trx) => {
        await sql`set local jit = off`.execute(trx);
        return query(trx);
      });
  return rows.rows.map((r) => ({
    customerId: r.id,
    firstSeenDay: r.first_seen_day,
    status: r.status,
    leftDay: r.status === 'active' ? null : (r.left_day ?? Math.floor(r.updated_at.getTime() / DAY_MS)),
  }));
}
