import { randomInt } from 'node:crypto';
import type { Ctx } from '../../../kernel/context.ts';
import { getCustomer360s, recordInteractions } from '../../customers/index.ts';
import { getOffer } from './list-offers.ts';
import { offerRefusal } from './offer-eligibility.ts';
import type { Assignment, OfferView } from './schemas.ts';

// No 0/O or 1/I: codes are read out on the phone and typed from paper.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const generatedCode = (prefix: string | null) => {
  const body = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return prefix ? `${prefix}-${body}` : body;
};

/**
 * Gives each eligible customer their code for the offer: the next free one of a pool, or a new
 * single-use code. Giving again returns the same code (one per customer and offer), so a retry
 * never uses up a second code. The code goes on the customer's timeline, so the rep sees it.
 */
export async function assignOffer(
  ctx: Pick<Ctx, 'db' | 'clock' | 'queue'>,
  offerId: string,
  customerIds: string[],
): Promise<Assignment[]> {
  const offer = await getOffer(ctx, offerId);
  const ids = [...new Set(customerIds)];
  const found = await getCustomer360s(ctx, ids);
  const now = ctx.clock.now();
  const out: Assignment[] = [];
  for (const id of ids) {
    const c = found.get(id);
    const given = await existingCode(ctx, offerId, id);
    if (given) {
      out.push({
        customerId: id,
        assigned: true,
        code: given.code,
        reason: null,
        redeemedAt: given.redeemed_at,
      });
      await noteOnTimeline(ctx, offer, id, given.code, given.assigned_at ?? now);
      continue;
    }
    const refusal = c ? offerRefusal(offer, c.aggregates, now) : 'no such customer';
    const code = refusal ? null : await takeCode(ctx, offer, id, now);
    out.push({
      customerId: id,
      assigned: code !== null,
      code,
      reason: refusal ?? (code ? null : 'the pool has no free codes left; upload more'),
      redeemedAt: null,
    });
    if (code) await noteOnTimeline(ctx, offer, id, code, now);
  }
  return out;
}

const existingCode = (ctx: Pick<Ctx, 'db'>, offerId: string, customerId: string) =>
  ctx.db
    .selectFrom('offer_code')
    .select(['code', 'assigned_at', 'redeemed_at'])
    .where('offer_id', '=', offerId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();

async function takeCode(ctx: Pick<Ctx, 'db'>, offer: OfferView, customerId: string, now: Date) {
  if (offer.codeSource === 'pool') {
    // SKIP LOCKED: two reps giving the offer at once take two different codes, neither waits.
    const row = await ctx.db
      .updateTable('offer_code')
      .set({ customer_id: customerId, assigned_at: now })
      .where('code', '=', (eb) =>
        eb
          .selectFrom('offer_code')
          .select('code')
          .where('offer_id', '=', offer.id)
          .where('customer_id', 'is', null)
          .orderBy('code')
          .limit(1)
          .forUpdate()
          .skipLocked(),
      )
      .returning('code')
      .executeTakeFirst();
    // Someone else gave this customer a code at the same moment: theirs stands.
    return row?.code ?? (await existingCode(ctx, offer.id, customerId))?.code ?? null;
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await ctx.db
      .insertInto('offer_code')
      .values({
        code: generatedCode(offer.codePrefix),
        offer_id: offer.id,
        customer_id: customerId,
        assigned_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('code')
      .executeTakeFirst();
    if (row) return row.code;
    const raced = await existingCode(ctx, offer.id, customerId);
    if (raced) return raced.code;
  }
  throw new Error('could not generate a unique offer code in 5 attempts');
}

async function noteOnTimeline(
  ctx: Pick<Ctx, 'db' | 'queue'>,
  offer: OfferView,
  customerId: string,
  code: string,
  at: Date,
) {
  await recordInteractions(ctx, [
    {
      customer: { id: customerId },
      source: 'outreach',
      // One entry per customer and offer, however often it is given again.
      sourceId: `offer:${offer.id}`,
      channel: 'system',
      kind: 'offer-given',
      direction: 'outbound',
      occurredAt: at,
      subject: `Offer: ${offer.name} (code ${code})`,
      properties: { offerId: offer.id, code },
    },
  ]);
}
