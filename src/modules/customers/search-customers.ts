import { type RawBuilder, sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { buildCustomerFilter, type CustomerFilter } from './customer-filter.ts';
import { decodeCursor, decodeIdCursor, encodeCursor, type ListCursor } from './list-cursor.ts';
import { addListDetails, type PageRow } from './list-details.ts';
import { type ListSort, listSortKeys } from './list-sort-keys.ts';
import type { CustomerListRow } from './schemas.ts';

export { type ListSort, listSorts } from './list-sort-keys.ts';

export type CustomerQuery = CustomerFilter & {
  sort?: ListSort;
  direction?: 'asc' | 'desc';
  after?: string;
  limit: number;
};

/**
 * Finds customers by free text (name or email, substring via the trigram index; exact external
 * id from any source) and filters (status, owner, health and P(alive) bands, last contact),
 * page by page in a stable order with a keyset cursor.
 *
 * Cost at 1M customers (measured on 1M customers, 970k scored, 5M touchpoints; one statement per
 * page, two where a sorted list reaches the customers without the key, plus one adding
 * identities, last contact and scores to the page's rows):
 * - Unsorted (id order, the default without a text query): walks the primary key and stops at
 *   the page size, with or without status/owner/band/contact filters: 2–5 ms. A filter matching
 *   almost nobody ("contacted in the last hour") walks further, probing the timeline index per
 *   customer, up to every customer (~1 s). "Unscored" is an anti-join merging two primary keys.
 * - name / firstSeen: walk the (search_text, id) / (first_seen_at, id) indexes, stop early: ~5 ms.
 * - health / pAlive / clv: walk insight's (score, customer_id) index, join each customer by
 *   primary key and stop early: ~5 ms. Customers without that score come after all scored ones
 *   in either direction, found by the same anti-join. A rep's own book (hundreds of customers)
 *   is read through the owner index and sorted: ~2 ms; a filter keeping a middling share (an
 *   owner of 0.7% of all customers) walks the score index until a page fills: ~100–150 ms.
 * - A text query of three or more characters first gathers all its matches (trigram bitmap scan,
 *   fenced with OFFSET 0 so the planner cannot walk a sort index filtering by the pattern, which
 *   takes seconds for a rare term), then filters and sorts them: ~15 ms for 9k matches. One or
 *   two characters are a prefix: sorted by name (the default for a search) they walk the name
 *   index from the prefix and stop early; sorted otherwise they gather every prefix match (tens
 *   of thousands for one letter: a few hundred ms).
 * Sorting by last contact is not offered: it needs every customer's latest conversation (a
 * timeline probe per customer, seconds at 1M) until that date is kept on the customer row.
 */
export async function searchCustomers(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  q: CustomerQuery,
): Promise<{ data: CustomerListRow[]; nextCursor: string | null }> {
  const f = await buildCustomerFilter(ctx, q);
  if (!f) return { data: [], nextCursor: null };
  const { rel, match, where, nameRange, bandJoin, unscored } = f;

  const sortName: ListSort | 'id' = q.sort ?? (match.length ? 'name' : 'id');
  const sortKeys = listSortKeys(unscored);

  // A prefix search in name order is best served by the name index itself; any other search
  // gathers its matches first (see above).
  const fenced = match.length > 0 && !(nameRange && sortName === 'name');
  const from = fenced
    ? sql`(select * from customer c where ${sql.join(match, sql` and `)} offset 0) c`
    : sql`customer c`;
  const common = fenced ? where : [...match, ...where];
  const page = async (
    conds: RawBuilder<unknown>[],
    join: boolean,
    order: RawBuilder<unknown>,
    sortValue: RawBuilder<unknown>,
    n: number,
  ): Promise<PageRow[]> => {
    const all = [...common, ...conds];
    const r = await sql<PageRow>`
      select c.*, ${sortValue}::text as sort_value
      from ${from}
      ${join && rel ? sql`left join (${rel}) s on s.customer_id = c.id` : sql``}
      where ${all.length ? sql.join(all, sql` and `) : sql`true`}
      order by ${order}
      limit ${n}`.execute(ctx.db);
    return r.rows;
  };

  const rows: { row: PageRow; phase: 'v' | 'n' }[] = [];
  const want = q.limit + 1;
  let nextCursor: string | null = null;

  if (sortName === 'id') {
    const conds = q.after ? [sql`c.id > ${decodeIdCursor(q.after)}::uuid`] : [];
    for (const row of await page(conds, bandJoin, sql`c.id`, sql`null`, want)) rows.push({ row, phase: 'n' });
    if (rows.length > q.limit) nextCursor = rows[q.limit - 1]?.row.id ?? null;
  } else {
    const key = sortKeys[sortName];
    const dir = q.direction ?? 'asc';
    const cursor: ListCursor | undefined = q.after ? decodeCursor(q.after, sortName, dir) : undefined;
    const bandOf = sortName === 'health' ? q.health : sortName === 'pAlive' ? q.pAlive : undefined;
    // Each phase is its own statement, so each walks its own index and stops early.
    const valued = (!key.fromScores || !!rel) && bandOf !== 'unscored';
    const unvalued = !!key.absent && (bandOf === undefined || bandOf === 'unscored');
    // Sorting by a score walks the scores index, whose tie-breaker column is s.customer_id.
    const id = key.fromScores ? sql`s.customer_id` : sql`c.id`;
    if (valued && (!cursor || cursor.p === 'v')) {
      const conds = key.present ? [key.present] : [];
      if (cursor) conds.push(key.after(dir, cursor.v, id, cursor.i));
      const found = await page(conds, bandJoin || key.fromScores, key.order(dir, id), key.expr, want);
      for (const row of found) rows.push({ row, phase: 'v' });
    }
    if (unvalued && key.absent && rows.length < want) {
      const conds = [key.absent];
      let found: PageRow[];
      const cid = sql`c.id`;
      if (key.ordersAbsent) {
        if (cursor?.p === 'n') conds.push(key.after(dir, cursor.v, cid, cursor.i));
        found = await page(conds, bandJoin, key.order(dir, cid), key.expr, want - rows.length);
      } else {
        if (cursor?.p === 'n') conds.push(sql`c.id ${sql.raw(dir === 'asc' ? '>' : '<')} ${cursor.i}::uuid`);
        found = await page(conds, bandJoin, sql`c.id ${sql.raw(dir)}`, sql`null`, want - rows.length);
      }
      for (const row of found) rows.push({ row, phase: 'n' });
    }
    const last = rows.length > q.limit ? rows[q.limit - 1] : undefined;
    if (last) {
      nextCursor = encodeCursor({
        s: sortName,
        d: dir,
        p: last.phase,
        v: last.row.sort_value,
        i: last.row.id,
      });
    }
  }

  const pageRows = rows.slice(0, q.limit).map((r) => r.row);
  return { data: await addListDetails(ctx, pageRows, rel), nextCursor };
}
