import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { fxRelation, purchaseDayAmount } from './purchase-day-amount.ts';
import { type CustomerIdRange, inIdRange } from './split-customer-ids.ts';

/** Purchase history of one customer through a day, same-day purchases merged (days since 1970-01-01). */
export type PurchaseHistory = {
  /** Last purchase day on or before the reference day. */
  lastDay: number;
  /** Distinct purchase days on or before it (the first purchase included). */
  days: number;
  /** Repeat purchase days (after the first) that carry an amount in the requested currency. */
  repeatAmountDays: number;
  repeatSpendMinor: number;
  totalSpendMinor: number;
};

export type PurchaseSummary = {
  customerId: string;
  firstDay: number;
  through: PurchaseHistory;
  /** The same as of `splitAt`, plus purchase days after it: for calibration/holdout checks. */
  split: (PurchaseHistory & { holdoutDays: number }) | null;
};

type Row = {
  customer_id: string;
  first_day: number;
  first_amount: number | string;
  last_day: number;
  days: number;
  amount_days: number;
  spend: string;
  s_last_day: number | null;
  s_days: number;
  s_amount_days: number;
  s_spend: string;
  holdout_days: number;
};

const dayOf = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

function history(r: Row, lastDay: number, days: number, amountDays: number, spend: string): PurchaseHistory {
  // The first day's amount came back as -1 when it had none in the currency.
  const firstAmount = Number(r.first_amount) < 0 ? null : Number(r.first_amount);
  const total = Number(spend);
  return {
    lastDay,
    days,
    repeatAmountDays: amountDays - (firstAmount === null ? 0 : 1),
    repeatSpendMinor: total - (firstAmount ?? 0),
    totalSpendMinor: total,
  };
}

/**
 * Per-customer purchase summaries for the customer-base models, computed in the database in one
 * pass over the purchase-day rollup (`customer_purchase_day`, kept by the timeline's trigger),
 * not the timeline itself: purchases on the same local day (the customer's time
 * zone, else UTC) are merged into one, amounts summed in `currency`. `through` and `splitAt` are
 * inclusive local dates (YYYY-MM-DD). `rates` converts amounts in other currencies (minor units of
 * `currency` per minor unit of each, in exact decimals, rounded per purchase); without a rate they carry no amount.
 * Results stream through a server-side cursor in batches, so a million customers never sit in one
 * result set; `onBatch` is awaited before the next fetch.
 */
export async function summarizePurchases(
  ctx: Pick<Ctx, 'db'>,
  opts: {
    through: string;
    splitAt?: string;
    currency: string;
    rates?: Record<string, number>;
    customerIds?: string[];
    /** Only the customers of this range of ids (one page of a run that reads pages side by side). */
    range?: CustomerIdRange;
    batchSize?: number;
  },
  onBatch: (rows: PurchaseSummary[]) => Promise<void> | void,
): Promise<number> {
  const fx = { ...opts.rates, [opts.currency]: 1 };
  const through = dayOf(opts.through);
  const split = opts.splitAt ? dayOf(opts.splitAt) : through;
  const only = opts.customerIds
    ? sql`and p.customer_id = any(${opts.customerIds}::uuid[]) ${inIdRange('p.customer_id', opts.range)}`
    : inIdRange('p.customer_id', opts.range);
  let total = 0;
  await ctx.db.transaction().execute(async (trx) => {
    // Compiling the aggregates with JIT (inlined, optimised: the planner's cost passes the
    // thresholds from 100k customers on) takes longer than evaluating them for a page.
    await sql`set local jit = off`.execute(trx);
    await sql`declare insight_purchases no scroll cursor for
      with d as (
        select p.customer_id, (p.day - date '1970-01-01') as day,
               sum(${purchaseDayAmount}) as amount
        from customer_purchase_day p left join ${fxRelation(fx)} on fx.currency = p.currency
        where p.day <= date '1970-01-01' + ${through}::int ${only}
        group by 1, 2
      )
      select customer_id,
        min(day) as first_day,
        (min(array[day::bigint, coalesce(amount, -1)]))[2] as first_amount,
        max(day) as last_day, count(*)::int as days, count(amount)::int as amount_days,
        coalesce(sum(amount), 0)::text as spend,
        max(day) filter (where day <= ${split}) as s_last_day,
        count(*) filter (where day <= ${split})::int as s_days,
        count(amount) filter (where day <= ${split})::int as s_amount_days,
        coalesce(sum(amount) filter (where day <= ${split}), 0)::text as s_spend,
        count(*) filter (where day > ${split})::int as holdout_days
      from d
      group by customer_id`.execute(trx);
    for (;;) {
      const res =
        await sql<Row>`fetch ${sql.raw(String(opts.batchSize ?? 20_000))} from insight_purchases`.execute(
          trx,
        );
      if (res.rows.length === 0) break;
      total += res.rows.length;
      await onBatch(
        res.rows.map((r) => ({
          customerId: r.customer_id,
          firstDay: r.first_day,
          through: history(r, r.last_day, r.days, r.amount_days, r.spend),
          split:
            r.s_last_day === null || !opts.splitAt
              ? null
              : {
                  ...history(r, r.s_last_day, r.s_days, r.s_amount_days, r.s_spend),
                  holdoutDays: r.holdout_days,
                },
        })),
      );
    }
    await sql`close insight_purchases`.execute(trx);
  });
  return total;
}
