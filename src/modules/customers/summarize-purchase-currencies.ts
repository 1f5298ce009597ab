import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';

export type PurchaseCurrency = { currency: string; purchases: number; amountMinor: number };

/**
 * The currencies purchases with an amount were recorded in (through a day, inclusive, with the
 * same two days of time-zone slack as summarizePurchases), most purchases first: lets a model that
 * values purchases in one currency check that the data are in it.
 */
export async function summarizePurchaseCurrencies(
  ctx: Pick<Ctx, 'db'>,
  opts: { through: string },
): Promise<PurchaseCurrency[]> {
  // Before UTC midnight two days after `through`: UTC days up to `through` + 1, which the daily
  // activity rollup holds exactly (priced purchases and their amounts per currency).
  const last = Math.round(Date.parse(`${opts.through}T00:00:00Z`) / 86_400_000) + 1;
  const rows = await sql<{ currency: string; purchases: number; amount: string }>`
    select currency, sum(priced_purchases)::int as purchases, sum(purchase_minor)::text as amount
    from customer_activity_day
    where currency <> '' and day <= date '1970-01-01' + ${last}::int
    group by currency having sum(priced_purchases) > 0 order by 2 desc`.execute(ctx.db);
  return rows.rows.map((r) => ({
    currency: r.currency,
    purchases: r.purchases,
    amountMinor: Number(r.amount),
  }));
}
