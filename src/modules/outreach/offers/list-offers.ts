import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { notFound } from '../../../kernel/errors.ts';
import type { OfferView } from './schemas.ts';

/** Offers, newest first, each with how many of its codes are free, given and used. */
export async function listOffers(ctx: Pick<Ctx, 'db'>, opts: { id?: string } = {}): Promise<OfferView[]> {
  let q = ctx.db
    .selectFrom('offer as o')
    .selectAll('o')
    .select([
      sql<number>`(select count(*)::int from offer_code c where c.offer_id = o.id)`.as('total'),
      sql<number>`(select count(*)::int from offer_code c where c.offer_id = o.id and c.customer_id is null)`.as(
        'free',
      ),
      sql<number>`(select count(*)::int from offer_code c where c.offer_id = o.id and c.customer_id is not null)`.as(
        'assigned',
      ),
      sql<number>`(select count(*)::int from offer_code c where c.offer_id = o.id and c.redeemed_at is not null)`.as(
        'redeemed',
      ),
    ])
    .orderBy('o.created_at', 'desc')
    .limit(500);
  if (opts.id) q = q.where('o.id', '=', opts.id);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    codeSource: r.code_source,
    codePrefix: r.code_prefix,
    minTenureDays: r.min_tenure_days,
    minSpendMinor: Number(r.min_spend_minor),
    currency: r.currency,
    validUntil: r.valid_until,
    status: r.status,
    createdAt: r.created_at,
    codes: { total: r.total, free: r.free, assigned: r.assigned, redeemed: r.redeemed },
  }));
}

export async function getOffer(ctx: Pick<Ctx, 'db'>, id: string): Promise<OfferView> {
  const [offer] = await listOffers(ctx, { id });
  if (!offer) throw notFound('Offer', id);
  return offer;
}
