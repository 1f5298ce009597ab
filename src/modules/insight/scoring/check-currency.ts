import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { summarizePurchaseCurrencies } from '../../customers/index.ts';

/**
 * Spend and CLV are valued in the configured currency; purchases in another one are converted
 * when `fxRates` has a rate for it, and otherwise count as purchases but carry no spend. When most
 * purchase amounts are in currencies without a rate, every CLV would silently be 0: refuse, naming
 * the currencies, the setting, and the two ways out.
 */
export async function checkCurrency(
  ctx: Pick<Ctx, 'db'>,
  opts: { through: string; currency: string; fxRates: Record<string, number> },
): Promise<void> {
  const found = await summarizePurchaseCurrencies(ctx, { through: opts.through });
  const total = found.reduce((s, c) => s + c.purchases, 0);
  const convertible = (c: string) => c === opts.currency || opts.fxRates[c] !== undefined;
  const valued = found.filter((c) => convertible(c.currency)).reduce((s, c) => s + c.purchases, 0);
  if (total === 0 || valued * 2 > total) return;
  const unrated = found.filter((c) => !convertible(c.currency));
  const top = unrated[0] as { currency: string; purchases: number };
  const inSetting = found.find((c) => c.currency === opts.currency)?.purchases ?? 0;
  const codes = unrated.map((c) => c.currency).join(', ');
  throw new AppError(
    'bad_request',
    `Purchases are recorded in ${found.map((c) => `${c.currency} (${c.purchases})`).join(', ')}, but the ` +
      `insight currency setting is ${opts.currency} (${inSetting} purchases) and there is no exchange rate for ${codes}: ` +
      `CLV would be 0 for everyone. Set the currency to ${top.currency} ` +
      `(PUT /api/v1/insight/settings {"currency":"${top.currency}"}), or give a rate ` +
      `(PUT /api/v1/insight/settings {"fxRates":{"${top.currency}":…}}, ${opts.currency} per ${top.currency}), and score again.`,
  );
}
