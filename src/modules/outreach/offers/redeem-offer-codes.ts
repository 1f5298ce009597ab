import { sql } from 'kysely';
import type { InteractionListener, RecordedInteraction } from '../../customers/index.ts';

// Where shops and Segment's e-commerce spec put the code of a purchase.
const CODE_KEYS = new Set([
  'code',
  'coupon',
  'couponcode',
  'discountcode',
  'promocode',
  'offercode',
  'voucher',
]);
const normalise = (k: string) => k.toLowerCase().replace(/[_-]/g, '');

/** The codes a purchase carries, upper-cased as offers store them. */
export function codesOf(i: Pick<RecordedInteraction, 'properties'>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(i.properties ?? {})) {
    if (!CODE_KEYS.has(normalise(k))) continue;
    for (const s of Array.isArray(v) ? v : [v])
      if (typeof s === 'string' && s.trim().length >= 3 && s.length <= 64) out.push(s.trim().toUpperCase());
  }
  return out;
}

/**
 * Records the redemption of offer codes carried by purchases, inside the ingest transaction: a
 * retried, duplicate purchase is never recorded, so it never redeems twice; the first purchase
 * that carries a code redeems it, whoever the code was given to (`redeemed_by` says who used it).
 */
export const redeemOfferCodes: InteractionListener = async (_ctx, trx, recorded) => {
  const uses = recorded
    .filter((i) => i.kind === 'purchase')
    .flatMap((i) => codesOf(i).map((code) => ({ code, i })));
  if (uses.length === 0) return;
  for (const { code, i } of uses) {
    await sql`
      update offer_code set redeemed_at = ${i.occurredAt}, redeemed_by = ${i.customerId},
        redeemed_on = ${`${i.source}:${i.sourceId}`}
      where code = ${code} and redeemed_at is null and customer_id is not null`.execute(trx);
  }
};
