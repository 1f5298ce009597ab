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
  const upper = new Date(Date.parse(`${opts.through}T00:00:00Z`) + 2 * 86_400_000);
  const rows = await sql<{ currency: string; purchases: number; amount: string }>`
    select currency, count(*)::int as purchases, sum(amount_minor)::text as amount
    from interaction
    where kind = 'purchase' and amount_minor is not null and currency is not null and occurred_at < ${upper}
    group by currency order by 2 desc`.execute(ctx.db);
  return rows.rows.map((r) => ({
    currency: r.currency,
    purchases: r.purchases,
    amountMinor: Number(r.amount),
  }));
}
