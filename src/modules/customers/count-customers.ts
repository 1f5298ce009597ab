import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { buildCustomerFilter, type CustomerFilter, filterSource } from './customer-filter.ts';

/** Up to this many matches the count is exact; beyond, the planner's estimate (labelled so). */
export const EXACT_COUNT_UP_TO = 100_000;

/**
 * How many customers a list filter matches: what the list's heading says ("1,536 customers"),
 * where the list itself only ever loads a page. Counting stops after EXACT_COUNT_UP_TO rows
 * (tens of milliseconds); a larger set gets PostgreSQL's row estimate for the same query, with
 * `exact: false` so the screen can say "about".
 */
export async function countCustomers(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  q: CustomerFilter,
): Promise<{ count: number; exact: boolean }> {
  const f = await buildCustomerFilter(ctx, q);
  if (!f) return { count: 0, exact: true };
  const { source, conds } = filterSource(f);
  const where = conds.length ? sql.join(conds, sql` and `) : sql`true`;
  const counted = await sql<{ n: number }>`
    select count(*)::int as n from (select 1 from ${source} where ${where} limit ${EXACT_COUNT_UP_TO + 1}) x`.execute(
    ctx.db,
  );
  const n = counted.rows[0]?.n ?? 0;
  if (n <= EXACT_COUNT_UP_TO) return { count: n, exact: true };
  const plan = await sql<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>`
    explain (format json) select 1 from ${source} where ${where}`.execute(ctx.db);
  const estimate = Math.round(plan.rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0);
  return { count: Math.max(estimate, n), exact: false };
}
