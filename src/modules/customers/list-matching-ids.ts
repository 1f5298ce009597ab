import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { buildCustomerFilter, type CustomerFilter, filterSource } from './customer-filter.ts';

/**
 * The ids of every customer a list filter matches, for a bulk action on "all N matching". More
 * than `max` is refused rather than cut: acting on the first `max` of a larger set would look
 * done while it was not.
 */
export async function listMatchingIds(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  q: CustomerFilter,
  max: number,
): Promise<string[]> {
  const f = await buildCustomerFilter(ctx, q);
  if (!f) return [];
  const { source, conds } = filterSource(f);
  const where = conds.length ? sql.join(conds, sql` and `) : sql`true`;
  const r = await sql<{ id: string }>`
    select c.id from ${source} where ${where} order by c.id limit ${max + 1}`.execute(ctx.db);
  if (r.rows.length > max) {
    throw new AppError(
      'validation_failed',
      `The filter matches more than ${max.toLocaleString('en-US')} customers; narrow it down and assign in parts.`,
      { max },
    );
  }
  return r.rows.map((x) => x.id);
}
