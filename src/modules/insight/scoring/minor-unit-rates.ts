/** Digits after the decimal point of a currency's minor unit (JPY 0, USD 2, KWD 3). */
const minorDigits = (currency: string): number =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

/**
 * Turns the `fxRates` setting (1 GBP = 1.27 USD) into factors on stored amounts: minor units of
 * `currency` per minor unit of each other currency (pence → cents ×1.27; yen → cents ×100 times
 * the rate, since a yen has no minor unit). The insight currency itself maps to 1.
 */
export function minorUnitRates(currency: string, fxRates: Record<string, number>): Record<string, number> {
  const digits = minorDigits(currency);
  const rates: Record<string, number> = {};
  for (const [code, rate] of Object.entries(fxRates)) {
    // 15 significant digits: the rate as written (0.0067 × 100 is 0.67, not 0.6699999999999999).
    if (code !== currency) rates[code] = Number((rate * 10 ** (digits - minorDigits(code))).toPrecision(15));
  }
  rates[currency] = 1;
  return rates;
}
