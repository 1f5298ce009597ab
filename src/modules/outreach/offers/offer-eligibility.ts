import type { Customer360 } from '../../customers/index.ts';
import type { OfferView } from './schemas.ts';

const money = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;

/**
 * Why a customer may not have this offer, or null when they may: offers reward customers who
 * have stayed long enough and spent enough (in the offer's currency), while the offer runs.
 */
export function offerRefusal(offer: OfferView, c: Customer360['aggregates'], now: Date): string | null {
  if (offer.status !== 'active') return 'the offer is archived';
  if (offer.validUntil && offer.validUntil <= now) return 'the offer has ended';
  if (c.tenureDays < offer.minTenureDays)
    return `a customer for ${c.tenureDays} days; the offer is for customers of ${offer.minTenureDays} days or more`;
  if (offer.minSpendMinor > 0 && offer.currency) {
    const spent = c.lifetimeSpend.find((s) => s.currency === offer.currency)?.minor ?? 0;
    if (spent < offer.minSpendMinor)
      return `spent ${money(spent, offer.currency)}; the offer needs ${money(offer.minSpendMinor, offer.currency)}`;
  }
  return null;
}
