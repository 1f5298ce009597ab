import { sql } from 'kysely';
import { DAY_MS } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/context.ts';
import { defineJob } from '../../kernel/context.ts';

export const DEFAULT_LAPSE_DAYS = 180;
const BATCH = 1000;

export type StatusRefresh = { toLapsed: number; toActive: number; dryRun: boolean };

/**
 * The lapse rule: marks active customers with no touchpoint of their own for `lapseDays` as
 * lapsed, and lapsed customers who came back as active, writing each change to the timeline.
 * The change is dated when it happened, not when the nightly job noticed it: a customer lapses
 * `lapseDays` after their last own touchpoint (or after first being seen, without one) and comes
 * back with their first touchpoint since. For customers without a contract this is how they
 * leave, and the insight dashboards count churn from these dates. Churned is a decision people
 * make (a cancelled contract), so it is never set here. Works in batches so a million customers
 * never hold one long transaction; `dryRun` only counts.
 */
export async function refreshStatuses(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  opts: { lapseDays?: number; dryRun?: boolean } = {},
): Promise<StatusRefresh> {
  const lapseDays = opts.lapseDays ?? DEFAULT_LAPSE_DAYS;
  const cutoff = new Date(ctx.clock.now().getTime() - lapseDays * DAY_MS);
  const result: StatusRefresh = { toLapsed: 0, toActive: 0, dryRun: !!opts.dryRun };
  for (const [from, to] of [
    ['active', 'lapsed'],
    ['lapsed', 'active'],
  ] as const) {
    // Only the customer's own activity counts: our system records and our outbound messages
    // (a win-back email, say) say nothing about whether the customer is still with us.
    const own = sql`i.channel <> 'system' and i.direction is distinct from 'outbound'`;
    const recent = sql`exists (select 1 from interaction i where i.customer_id = c.id
      and i.occurred_at >= ${cutoff} and ${own})`;
    const happened =
      to === 'lapsed'
        ? sql`greatest(c.first_seen_at, (select max(i.occurred_at) from interaction i
            where i.customer_id = c.id and ${own})) + make_interval(days => ${lapseDays})`
        : sql`(select min(i.occurred_at) from interaction i
            where i.customer_id = c.id and i.occurred_at >= ${cutoff} and ${own})`;
    const condition = to === 'lapsed' ? sql`not ${recent} and c.first_seen_at < ${cutoff}` : recent;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch = await sql<{ id: string }>`
        select c.id from customer c where c.status = ${from} and c.id > ${after}::uuid and ${condition}
        order by c.id limit ${BATCH}`.execute(ctx.db);
      const ids = batch.rows.map((r) => r.id);
      if (ids.length === 0) break;
      after = ids.at(-1) as string;
      if (to === 'lapsed') result.toLapsed += ids.length;
      else result.toActive += ids.length;
      if (opts.dryRun) continue;
      const day = ctx.clock.now().toISOString().slice(0, 10);
      await ctx.db.transaction().execute(async (trx) => {
        await sql`update customer set status = ${to}, updated_at = now()
          where id = any(${ids}::uuid[]) and status = ${from}`.execute(trx);
        // A rerun selects no customer twice (the update above moved them out of `from`); the key
        // (source_id per customer and day, with the time) catches the same night's insert again.
        await sql`insert into interaction (customer_id, occurred_at, channel, kind, direction, subject, properties, source, source_id)
          select c.id, least(coalesce(${happened}, ${ctx.clock.now()}), ${ctx.clock.now()}), 'system', 'status-change',
                 'internal', ${`Status ${from} → ${to}`},
                 ${JSON.stringify({ changes: { status: { from, to } }, lapseDays })}::jsonb, 'tenure', ${`status-${to}-${day}`}
          from customer c where c.id = any(${ids}::uuid[])
          on conflict (customer_id, source, source_id, occurred_at) do nothing`.execute(trx);
      });
    }
  }
  return result;
}

export const refreshStatusesJob = defineJob<{ dryRun?: boolean }>({
  name: 'customers.refresh-statuses',
  cron: '15 3 * * *',
  handle: (ctx, data) => refreshStatuses(ctx, { dryRun: data?.dryRun }),
});
