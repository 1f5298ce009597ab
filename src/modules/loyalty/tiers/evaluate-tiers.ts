import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { purchaseFactsSql } from '../../customers/index.ts';
import { afterTierChanges, type TierChange } from './after-tier-changes.ts';
import { listTiers } from './list-tiers.ts';
import type { TierView } from './schemas.ts';

const DAY = 86_400_000;

/**
 * Which tier each customer qualifies for, as one SQL CASE over the facts relation `f` (spend
 * from customers' export) and the points CTE `p`: the best tier whose criterion is met.
 */
function targetCase(tiers: TierView[]) {
  if (tiers.length === 0) return sql`null::uuid`;
  const whens = tiers.map((t, n) => sql`when ${sql.ref(`q.v_${n}`)} >= ${t.threshold} then ${t.id}::uuid`);
  return sql`case ${sql.join(whens, sql` `)} end`;
}

/** Each tier's qualifying value as column `v_<n>` (tiers in listTiers order). */
function valueColumns(tiers: TierView[], spendCol: Map<string, number>, pointsCol: Map<number, number>) {
  return tiers.map((t, n) => {
    const value =
      t.criterion === 'tenure'
        ? sql`f.tenure_days::bigint`
        : t.criterion === 'spend'
          ? sql.ref(`f.spend_${spendCol.get(`${t.currency}:${t.windowDays}`)}`)
          : sql`coalesce(${sql.ref(`p.points_${pointsCol.get(t.windowDays)}`)}, 0)::bigint`;
    return sql`, ${value} as ${sql.ref(`v_${n}`)}`;
  });
}

/** Share of the next tier's threshold from which a customer counts as close to it. */
export const CLOSE_SHARE = 0.8;

/**
 * The next tier up from the decided tier `d.next` (the lowest tier without one) and the
 * customer's value on its criterion, as the 360 shows it (get-customer-tier.ts).
 */
function nextUp(tiers: TierView[]) {
  if (tiers.length === 0) return { id: sql`null::uuid`, value: sql`null::bigint` };
  const last = tiers.length - 1;
  const ids = tiers.slice(1).map((t, n) => sql`when ${t.id}::uuid then ${tiers[n]?.id}::uuid`);
  const values = tiers.slice(1).map((t, n) => sql`when ${t.id}::uuid then ${sql.ref(`d.v_${n}`)}`);
  // With one tier there is nothing above it: `case d.next end` without a `when` is not SQL.
  const above = (whens: ReturnType<typeof sql>[], type: string) =>
    whens.length ? sql`case d.next ${sql.join(whens, sql` `)} end` : sql`null::${sql.raw(type)}`;
  return {
    id: sql`case when d.next is null then ${tiers[last]?.id}::uuid else ${above(ids, 'uuid')} end`,
    value: sql`case when d.next is null then ${sql.ref(`d.v_${last}`)} else ${above(values, 'bigint')} end`,
  };
}

/**
 * Re-evaluates the tiers of a page of customers (a range of ids, or `limit` of them after
 * `after`; or the named ones) in one transaction of set-based SQL: upgrade at once; below the
 * threshold, the current tier's downgrade policy decides (never; at the yearly review; after the grace period); an override wins until it
 * expires. Changes are written with their history, then put on the timeline, the owner told and
 * a dedicated rep assigned (after-tier-changes.ts). Returns the last customer id of the page.
 */
export async function evaluateTiers(
  ctx: Ctx,
  scope:
    | { customerIds: readonly string[] }
    | { after: string | null; through?: string | null; limit?: number },
): Promise<{ last: string | null; seen: number; changes: TierChange[] }> {
  const now = ctx.clock.now();
  const tiers = await listTiers(ctx); // best first
  const spendCol = new Map<string, number>();
  const spends: { currency: string; since: Date }[] = [];
  const pointsCol = new Map<number, number>();
  for (const t of tiers) {
    if (t.criterion === 'spend' && t.currency && !spendCol.has(`${t.currency}:${t.windowDays}`)) {
      spendCol.set(`${t.currency}:${t.windowDays}`, spends.length);
      spends.push({ currency: t.currency, since: new Date(now.getTime() - t.windowDays * DAY) });
    }
    if (t.criterion === 'points' && !pointsCol.has(t.windowDays)) pointsCol.set(t.windowDays, pointsCol.size);
  }
  const facts = purchaseFactsSql(
    'customerIds' in scope
      ? { spends, customerIds: scope.customerIds }
      : { spends, page: { after: scope.after, through: scope.through ?? null, limit: scope.limit } },
    now,
  );
  const windows = [...pointsCol.entries()];
  const longest = Math.max(0, ...windows.map(([w]) => w));
  // Qualifying points: what was earned (less cancelled earnings) in the window; never the
  // spendable balance, so spending or expiry does not demote.
  const points = windows.length
    ? sql`, p as (select l.customer_id, ${sql.join(
        windows.map(
          ([w, n]) =>
            sql`sum(l.points) filter (where l.created_at >= ${new Date(now.getTime() - w * DAY)}) as ${sql.ref(`points_${n}`)}`,
        ),
      )} from loyalty_ledger l join f on f.id = l.customer_id
        where l.kind in ('earn', 'cancel') and l.created_at >= ${new Date(now.getTime() - longest * DAY)}
        group by l.customer_id)`
    : sql`, p as (select null::uuid as customer_id)`;
  const target = targetCase(tiers);
  const up = nextUp(tiers);
  return ctx.db
    .transaction()
    .execute(async (trx) => {
      // The page's statement is big and its CTEs' row counts are guesses, so its estimated cost
      // passes jit_above_cost: PostgreSQL then spent ~5 s compiling it for ~0.7 s of work
      // (EXPLAIN ANALYZE at 1M customers, bench/RESULTS.md "Tiers at 1M").
      await sql`set local jit = off`.execute(trx);
      await sql`create temp table if not exists tier_eval (customer_id uuid primary key, owner_id uuid,
      cur uuid, next uuid, cause text, below_since timestamptz, review_at timestamptz) on commit delete rows`.execute(
        trx,
      );
      const seen = await sql<{ n: number; last: string | null }>`
      with f as materialized ${facts} ${points},
      v as (select f.id, f.owner_id ${sql.join(valueColumns(tiers, spendCol, pointsCol), sql``)}
            from f left join p on p.customer_id = f.id),
      q as (select q.*, ${target} as target from v q),
      r as (select q.*, tr.rank as target_rank, m.tier_id as cur, cr.rank as cur_rank, cr.downgrade, cr.grace_days,
              m.review_at, m.below_since, o.customer_id is not null as has_override, coalesce(o.until > ${now}, false) as override_active,
              o.tier_id as override_tier
            from q left join loyalty_tier tr on tr.id = q.target
              left join loyalty_tier_member m on m.customer_id = q.id
              left join loyalty_tier cr on cr.id = m.tier_id
              left join loyalty_tier_override o on o.customer_id = q.id),
      d as (select r.*, case
              when r.override_active then r.override_tier
              when r.has_override then r.target
              when coalesce(r.target_rank, -1) >= coalesce(r.cur_rank, -1) then r.target
              when r.downgrade = 'never' then r.cur
              when r.downgrade = 'yearly' then case when r.review_at <= ${now} then r.target else r.cur end
              when r.below_since is not null and r.below_since + make_interval(days => r.grace_days) <= ${now} then r.target
              else r.cur end as next
            from r),
      ins as (insert into tier_eval
        select d.id, d.owner_id, d.cur, d.next,
          case when d.override_active then 'override' when d.has_override then 'override-expired'
               when coalesce(nr.rank, -1) > coalesce(d.cur_rank, -1) then 'upgrade' else 'downgrade' end,
          case when d.next = d.cur and coalesce(d.target_rank, -1) < d.cur_rank and not d.override_active
               then coalesce(d.below_since, ${now}) end,
          case when d.next is distinct from d.cur or d.review_at <= ${now}
               then ${now}::timestamptz + interval '365 days' else d.review_at end
        from d left join loyalty_tier nr on nr.id = d.next
        where d.next is not null or d.cur is not null or d.has_override
        returning customer_id),
      g as (select d.id, ${up.id} as up_id, ${up.value} as up_value from d),
      close as (select g.id, g.up_id, g.up_value, t.threshold from g join loyalty_tier t on t.id = g.up_id
        where g.up_value >= t.threshold * ${CLOSE_SHARE}::float8),
      progress as (insert into loyalty_tier_progress (customer_id, tier_id, value, threshold)
        select id, up_id, up_value, threshold from close
        on conflict (customer_id) do update set tier_id = excluded.tier_id, value = excluded.value, threshold = excluded.threshold
        where (loyalty_tier_progress.tier_id, loyalty_tier_progress.value, loyalty_tier_progress.threshold)
          is distinct from (excluded.tier_id, excluded.value, excluded.threshold)
        returning customer_id),
      gone as (delete from loyalty_tier_progress lp using f
        where lp.customer_id = f.id and not exists (select 1 from close where close.id = f.id)
        returning lp.customer_id)
      select (select count(*)::int from f) as n, (select max(id::text) from f) as last`.execute(trx);
      const changes = await sql<TierChange>`
      insert into loyalty_tier_change (customer_id, from_tier_id, to_tier_id, cause, changed_at)
      select customer_id, cur, next, cause, ${now} from tier_eval where next is distinct from cur
      returning id, customer_id as "customerId", from_tier_id as "fromTierId", to_tier_id as "toTierId", cause`.execute(
        trx,
      );
      await sql`delete from loyalty_tier_member m using tier_eval e where m.customer_id = e.customer_id and e.next is null`.execute(
        trx,
      );
      await sql`insert into loyalty_tier_member (customer_id, tier_id, since, review_at, below_since)
      select customer_id, next, ${now}, review_at, below_since from tier_eval where next is not null
      on conflict (customer_id) do update set
        tier_id = excluded.tier_id,
        since = case when loyalty_tier_member.tier_id = excluded.tier_id then loyalty_tier_member.since else excluded.since end,
        review_at = excluded.review_at, below_since = excluded.below_since
      where (loyalty_tier_member.tier_id, loyalty_tier_member.review_at, loyalty_tier_member.below_since)
        is distinct from (excluded.tier_id, excluded.review_at, excluded.below_since)`.execute(trx);
      // An expired override is spent once evaluation has applied it.
      await sql`delete from loyalty_tier_override o using tier_eval e
      where o.customer_id = e.customer_id and e.cause = 'override-expired'`.execute(trx);
      const owners = await sql<{ customer_id: string; owner_id: string | null }>`
      select e.customer_id, e.owner_id from tier_eval e where e.next is distinct from e.cur`.execute(trx);
      const ownerOf = new Map(owners.rows.map((o) => [o.customer_id, o.owner_id]));
      const list = changes.rows.map((c) => ({ ...c, ownerId: ownerOf.get(c.customerId) ?? null }));
      await afterTierChanges(ctx, trx, list, tiers, 'in-transaction');
      const row = seen.rows[0];
      return { last: row?.last ?? null, seen: row?.n ?? 0, changes: list };
    })
    .then(async (r) => {
      await afterTierChanges(ctx, null, r.changes, tiers, 'after-commit');
      return r;
    });
}
