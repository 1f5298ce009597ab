import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import { getOffer } from './list-offers.ts';

/**
 * Adds codes to a pool offer (from the shop system that will accept them). Codes already known,
 * in this offer or another, are skipped and counted: a code must name one offer.
 */
export async function addOfferCodes(
  ctx: Pick<Ctx, 'db'>,
  offerId: string,
  codes: string[],
): Promise<{ added: number; alreadyKnown: number }> {
  const offer = await getOffer(ctx, offerId);
  if (offer.codeSource !== 'pool')
    throw new AppError('conflict', 'This offer generates its codes; only pool offers take uploaded codes');
  const unique = [...new Set(codes)];
  if (unique.length === 0) return { added: 0, alreadyKnown: 0 };
  const added = await ctx.db
    .insertInto('offer_code')
    .values(unique.map((code) => ({ code, offer_id: offerId })))
    .onConflict((oc) => oc.column('code').doNothing())
    .returning('code')
    .execute();
  return { added: added.length, alreadyKnown: codes.length - added.length };
}
