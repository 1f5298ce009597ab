import { type RawBuilder, sql } from 'kysely';

export type PurchaseFactsInput = {
  /** Net spend (purchases less refunds) per entry: minor units of `currency` since `since`. */
  spends: { currency: string; since: Date }[];
  /** Either a page of customers in id order (after `after`), or these customers. */
  page?: { after: string | null; limit: number };
  customerIds?: readonly string[];
};

/**
 * A relation other modules can join in their own set-based SQL without reading this module's
 * tables: `id, owner_id, tenure_days, spend_0 … spend_n` for a page of customers (or the ones
 * named). Spend is read from the timeline: purchases less refunds in each currency and window,
 * through the (customer_id, occurred_at) index.
 */
export function purchaseFactsSql(input: PurchaseFactsInput, now: Date): RawBuilder<unknown> {
  const pick = input.customerIds
    ? sql`select id, owner_id, first_seen_at from customer where id = any(${[...input.customerIds]}::uuid[])`
    : sql`select id, owner_id, first_seen_at from customer
          where ${input.page?.after ?? null}::uuid is null or id > ${input.page?.after ?? null}::uuid
          order by id limit ${input.page?.limit ?? 10_000}`;
  const since = input.spends.length ? input.spends.reduce((a, s) => (s.since < a ? s.since : a), now) : now;
  const signed = sql`case when i.kind = 'refund' then -i.amount_minor else i.amount_minor end`;
  const sums = input.spends.map(
    (s, n) =>
      sql`coalesce(sum(${signed}) filter (where i.currency = ${s.currency} and i.occurred_at >= ${s.since}), 0)::bigint
        as ${sql.ref(`spend_${n}`)}`,
  );
  const outs = input.spends.map((_, n) => sql`, s.${sql.ref(`spend_${n}`)}`);
  // One pass over each customer's recent purchases, whatever the number of windows.
  const lateral = sums.length
    ? sql`cross join lateral (select ${sql.join(sums)} from interaction i where i.customer_id = c.id
        and i.kind in ('purchase', 'refund') and i.occurred_at >= ${since} and i.occurred_at <= ${now}) s`
    : sql``;
  return sql`(select c.id, c.owner_id,
      greatest(0, floor(extract(epoch from (${now}::timestamptz - c.first_seen_at)) / 86400))::int as tenure_days
      ${outs.length ? sql.join(outs, sql``) : sql``}
    from (${pick}) c ${lateral})`;
}
