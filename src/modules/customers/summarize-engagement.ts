import { type RawBuilder, sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { type CustomerIdRange, inIdRange } from './split-customer-ids.ts';
import type { CustomerStatus } from './tables.ts';

/** Engagement of one customer in the `windowDays` before a reference day (and the window before that). */
export type EngagementWindow = {
  lastTouchDay: number | null;
  lastPurchaseDay: number | null;
  touches: number;
  touchesPrior: number;
  /** Support tickets and complaints in the window. */
  tickets: number;
  sentiment: number | null;
  sentimentPrior: number | null;
  purchases: number;
  spendMinor: number;
  spendPriorMinor: number;
};

export type EngagementSummary = {
  customerId: string;
  status: CustomerStatus;
  lifecycleStage: string | null;
  firstSeenDay: number;
  /** When the customer was marked churned (latest status change to churned), if they are. */
  churnedDay: number | null;
  /** The requested custom fields, for models that use imported attributes (plan, contract, …). */
  fields: Record<string, unknown>;
  through: EngagementWindow;
  /** The same as of `cutoff`: features for training a model whose outcome is known by `through`. */
  cutoff: EngagementWindow | null;
};

type WindowRow = Record<string, number | string | null>;
const DAY = 86_400_000;
const dayOf = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const nullable = (v: unknown) => (v === null || v === undefined ? null : Number(v));

// Aggregates over one reference day from `customer_activity_day`; `p` prefixes the column names.
// The windows are whole UTC days (`day` inclusive, `windowDays` of them, and as many before), which
// is exactly what the daily UTC buckets hold: the counts, spends and latest days equal the
// timeline's. The average sentiment is a sum over sums, so it may differ from avg() over the
// rows in the last bit of a double (as avg() itself does between plans that add in another order).
function windowColumns(p: string, day: number, windowDays: number, currency: string): RawBuilder<unknown> {
  const at = (d: number) => sql`date '1970-01-01' + ${d}::int`;
  const col = (name: string) => sql.raw(`${p}${name}`);
  const upTo = sql`day <= ${at(day)}`;
  const inWin = sql`day > ${at(day - windowDays)} and day <= ${at(day)}`;
  const inPrior = sql`day > ${at(day - 2 * windowDays)} and day <= ${at(day - windowDays)}`;
  const mean = (w: RawBuilder<unknown>) =>
    sql`sum(sentiment_sum) filter (where ${w}) / nullif(sum(sentiment_n) filter (where ${w}), 0)`;
  return sql`
    max(day) filter (where touches > 0 and ${upTo}) - date '1970-01-01' as ${col('last_touch')},
    max(day) filter (where purchases > 0 and ${upTo}) - date '1970-01-01' as ${col('last_purchase')},
    coalesce(sum(touches) filter (where ${inWin}), 0)::int as ${col('touches')},
    coalesce(sum(touches) filter (where ${inPrior}), 0)::int as ${col('touches_prior')},
    coalesce(sum(tickets) filter (where ${inWin}), 0)::int as ${col('tickets')},
    ${mean(inWin)} as ${col('sentiment')},
    ${mean(inPrior)} as ${col('sentiment_prior')},
    coalesce(sum(purchases) filter (where ${inWin}), 0)::int as ${col('purchases')},
    coalesce(sum(purchase_minor) filter (where currency = ${currency} and ${inWin}), 0)::text as ${col('spend')},
    coalesce(sum(purchase_minor) filter (where currency = ${currency} and ${inPrior}), 0)::text as ${col('spend_prior')}`;
}

const readWindow = (r: WindowRow, p: string): EngagementWindow => ({
  lastTouchDay: nullable(r[`${p}last_touch`]),
  lastPurchaseDay: nullable(r[`${p}last_purchase`]),
  touches: num(r[`${p}touches`]),
  touchesPrior: num(r[`${p}touches_prior`]),
  tickets: num(r[`${p}tickets`]),
  sentiment: nullable(r[`${p}sentiment`]),
  sentimentPrior: nullable(r[`${p}sentiment_prior`]),
  purchases: num(r[`${p}purchases`]),
  spendMinor: num(r[`${p}spend`]),
  spendPriorMinor: num(r[`${p}spend_prior`]),
});

/**
 * Per-customer engagement features for health scores and churn models, every customer included
 * (also those without any touchpoint), in one pass over the daily rollup `customer_activity_day`
 * (kept by a trigger on `interaction`, so the timeline itself is not read). Days are UTC days since
 * 1970-01-01; `through` and `cutoff` are inclusive dates. Streams through a cursor in batches.
 */
export async function summarizeEngagement(
  ctx: Pick<Ctx, 'db'>,
  opts: {
    through: string;
    cutoff?: string;
    windowDays: number;
    currency: string;
    fields?: string[];
    customerIds?: string[];
    /** Only the customers of this range of ids (one page of a run that reads pages side by side). */
    range?: CustomerIdRange;
    batchSize?: number;
  },
  onBatch: (rows: EngagementSummary[]) => Promise<void> | void,
): Promise<number> {
  const through = dayOf(opts.through);
  const end = new Date((through + 1) * DAY);
  const throughDate = sql`date '1970-01-01' + ${through}::int`;
  const cutoffCols = opts.cutoff
    ? sql`, ${windowColumns('c_', dayOf(opts.cutoff), opts.windowDays, opts.currency)}`
    : sql``;
  const onlyI = opts.customerIds
    ? sql`and customer_id = any(${opts.customerIds}::uuid[]) ${inIdRange('customer_id', opts.range)}`
    : inIdRange('customer_id', opts.range);
  const onlyC = opts.customerIds
    ? sql`and c.id = any(${opts.customerIds}::uuid[]) ${inIdRange('c.id', opts.range)}`
    : inIdRange('c.id', opts.range);
  let total = 0;
  await ctx.db.transaction().execute(async (trx) => {
    // Compiling the aggregates with JIT (inlined, optimised: the planner's cost passes the
    // thresholds from 100k customers on) takes longer than evaluating them for a page.
    await sql`set local jit = off`.execute(trx);
    await sql`declare insight_engagement no scroll cursor for
      select c.id, c.status, c.lifecycle_stage, c.updated_at,
        (c.first_seen_at::date - date '1970-01-01') as first_seen_day,
        (select jsonb_object_agg(k, c.custom_fields -> k) from unnest(${opts.fields ?? []}::text[]) k
          where c.custom_fields ? k) as fields,
        e.*
      from customer c left join (
        select customer_id,
          max(day) filter (where churn_marks > 0) - date '1970-01-01' as churned_day,
          ${windowColumns('t_', through, opts.windowDays, opts.currency)} ${cutoffCols}
        from customer_activity_day where day <= ${throughDate} ${onlyI}
        group by customer_id
      ) e on e.customer_id = c.id
      where c.first_seen_at < ${end} ${onlyC}`.execute(trx);
    for (;;) {
      const res = await sql<
        WindowRow & {
          id: string;
          status: CustomerStatus;
          lifecycle_stage: string | null;
          updated_at: Date;
          first_seen_day: number;
          fields: Record<string, unknown> | null;
        }
      >`fetch ${sql.raw(String(opts.batchSize ?? 20_000))} from insight_engagement`.execute(trx);
      if (res.rows.length === 0) break;
      total += res.rows.length;
      await onBatch(
        res.rows.map((r) => ({
          customerId: r.id,
          status: r.status,
          lifecycleStage: r.lifecycle_stage,
          firstSeenDay: r.first_seen_day,
          // A churned customer without a recorded status change churned when the record last changed.
          churnedDay:
            r.status !== 'churned'
              ? null
              : (nullable(r.churned_day) ?? Math.floor(r.updated_at.getTime() / DAY)),
          fields: r.fields ?? {},
          through: readWindow(r, 't_'),
          cutoff: opts.cutoff ? readWindow(r, 'c_') : null,
        })),
      );
    }
    await sql`close insight_engagement`.execute(trx);
  });
  return total;
}
