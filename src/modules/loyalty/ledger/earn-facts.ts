/**
 * What an earn rule sees of one purchase. `amount` is in major units (12.70), so "one point per
 * whole currency unit" is `int(amount)`; `tier` is the customer's tier name ('' without one);
 * `isFirstPurchase` is true for the customer's first purchase ever.
 */
export type EarnFacts = {
  amount: number;
  amountMinor: number;
  currency: string;
  tier: string;
  isFirstPurchase: boolean;
  channel: string;
  properties: Record<string, unknown>;
};

export const earnVariables: Record<keyof EarnFacts, string> = {
  amount: 'double',
  amountMinor: 'int',
  currency: 'string',
  tier: 'string',
  isFirstPurchase: 'bool',
  channel: 'string',
  properties: 'map<string, dyn>',
};

// Currencies without minor units (ISO 4217 exponent 0); everything else has cents.
const ZERO_DECIMALS = new Set(['JPY', 'KRW', 'ISK', 'CLP', 'VND', 'XAF', 'XOF', 'UGX', 'PYG', 'RWF']);

export const toMajor = (minor: number, currency: string): number =>
  ZERO_DECIMALS.has(currency.toUpperCase()) ? minor : minor / 100;
