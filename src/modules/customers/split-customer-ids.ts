import { type RawBuilder, sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';

export type CustomerIdRange = { after: string | null; through: string | null };

/**
 * Every customer, cut into ranges of ids of about `size` customers each, in id order (the first
 * starts at the beginning, the last runs to the end), so a pass over everyone can work on several
 * ranges at once. One scan of the primary key. Customers created afterwards fall in some range.
 */
export async function splitCustomerIds(ctx: Pick<Ctx, 'db'>, size: number): Promise<CustomerIdRange[]> {
  const cuts = await sql<{ id: string }>`
    select id from (select id, row_number() over (order by id) as n from customer) s
    where n % ${size} = 0 order by id`.execute(ctx.db);
  const bounds = [null, ...cuts.rows.map((r) => r.id), null];
  return bounds.slice(1).map((through, i) => ({ after: bounds[i] ?? null, through }));
}

/** `column` within a range of ids (both ends open when null): the statement's filter for one page. */
export function inIdRange(column: string, range: CustomerIdRange | undefined): RawBuilder<unknown> {
  if (!range) return sql``;
  const col = sql.ref(column);
  const after = range.after === null ? sql`` : sql`and ${col} > ${range.after}::uuid`;
  const through = range.through === null ? sql`` : sql`and ${col} <= ${range.through}::uuid`;
  return sql`${after} ${through}`;
}
