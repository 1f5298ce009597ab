import { sql } from 'kysely';
import type { InteractionListener, RecordedInteraction } from '../../customers/index.ts';

const PRODUCT_KEYS = ['product', 'productId', 'product_id', 'sku'];

/** The purchase's product identifiers and category, lower-cased, as opportunities name them. */
function keysOf(i: RecordedInteraction): { products: string[]; category: string | null } {
  const value = (v: unknown) =>
    typeof v === 'string' || typeof v === 'number' ? String(v).trim().toLowerCase() : null;
  const products = PRODUCT_KEYS.map((k) => value(i.properties[k])).filter((v): v is string => !!v);
  return { products, category: value(i.properties.category) };
}

/**
 * Inside the ingest transaction: a purchase converts the customer's oldest open or qualified
 * opportunity whose window it falls in (flagged at or before it, less than `window_days` after)
 * and whose product or category, when named, it carries. Exactly once, by three guards: only a
 * new touchpoint reaches listeners (a duplicate delivery is not recorded), only an open or
 * qualified opportunity converts (a locked row, so two purchases at once credit it once), and
 * one purchase credits at most one opportunity (a unique index on the purchase). Revenue is the
 * purchase as recorded, credited to the opportunity's rep and contact.
 */
export const convertOnPurchase: InteractionListener = async (_ctx, trx, recorded) => {
  const purchases = recorded.filter((i) => i.kind === 'purchase');
  if (!purchases.length) return;
  // One query per batch finds the few customers with an opportunity waiting (partial index), so
  // an import of a million purchases does not pay a conversion query for each.
  const waiting = new Set(
    (
      await trx
        .selectFrom('people_opportunity')
        .select('customer_id')
        .distinct()
        // One array parameter, however large the batch (an import's batch may exceed 65,535 parameters).
        .where(sql<boolean>`customer_id = any(${[...new Set(purchases.map((i) => i.customerId))]}::uuid[])`)
        .where('stage', 'in', ['open', 'qualified'])
        .execute()
    ).map((r) => r.customer_id),
  );
  for (const i of purchases) {
    if (!waiting.has(i.customerId)) continue;
    let id = i.id;
    if (id === undefined) {
      const row = await trx
        .selectFrom('interaction')
        .select('id')
        .where('customer_id', '=', i.customerId)
        .where('source', '=', i.source)
        .where('source_id', '=', i.sourceId)
        .executeTakeFirst();
      if (!row) continue;
      id = row.id;
    }
    const { products, category } = keysOf(i);
    await sql`
      with pick as (
        select o.id, o.stage from people_opportunity o
        where o.customer_id = ${i.customerId} and o.stage in ('open', 'qualified')
          and o.flagged_at <= ${i.occurredAt}
          and ${i.occurredAt} < o.flagged_at + make_interval(days => o.window_days)
          and (o.product is null or lower(o.product) = any(${products}::text[]))
          and (o.category is null or lower(o.category) = ${category})
          and not exists (
            select 1 from people_opportunity w where w.customer_id = ${i.customerId} and w.won_interaction_id = ${id})
        order by o.flagged_at, o.id
        limit 1
        for update of o
      ), won as (
        update people_opportunity o set
          stage = 'won', stage_at = ${i.occurredAt}, won_interaction_id = ${id}, won_at = ${i.occurredAt},
          won_amount_minor = ${i.amountMinor ?? 0}, won_currency = coalesce(${i.currency}, o.currency)
        from pick where o.id = pick.id and o.stage in ('open', 'qualified')
        returning o.id, pick.stage as from_stage
      )
      insert into people_opportunity_stage (opportunity_id, from_stage, to_stage, at, staff_id, note)
      select id, from_stage, 'won', ${i.occurredAt}, null, ${`purchase ${i.source}/${i.sourceId}`.slice(0, 300)} from won`.execute(
      trx,
    );
  }
};
