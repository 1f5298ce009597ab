import type { Ctx } from '../../kernel/context.ts';

/** What assignment rules match on, without handing other modules the customer table. */
export type CustomerTraits = {
  id: string;
  ownerId: string | null;
  country: string | null;
  /** The customer's locale as stored (e.g. "de-AT"); rules match on its language part. */
  locale: string | null;
};

/**
 * One page (id order) of customers that can be given an owner: not erased, not churned. Narrow by
 * ids, by having no owner, or by current owners. Page on with `after` = the last id returned.
 */
export async function listCustomerTraits(
  ctx: Pick<Ctx, 'db'>,
  q: { ids?: string[]; unowned?: boolean; ownerIds?: string[]; after?: string; limit: number },
): Promise<CustomerTraits[]> {
  let query = ctx.db
    .selectFrom('customer')
    .select(['id', 'owner_id', 'locale', 'address'])
    .where('erased_at', 'is', null)
    .where('status', '<>', 'churned');
  if (q.ids) {
    if (!q.ids.length) return [];
    query = query.where('id', 'in', q.ids);
  }
  if (q.unowned) query = query.where('owner_id', 'is', null);
  if (q.ownerIds) {
    if (!q.ownerIds.length) return [];
    query = query.where('owner_id', 'in', q.ownerIds);
  }
  if (q.after) query = query.where('id', '>', q.after);
  const rows = await query.orderBy('id').limit(q.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    ownerId: r.owner_id,
    country: r.address?.country?.toUpperCase() ?? null,
    locale: r.locale,
  }));
}
