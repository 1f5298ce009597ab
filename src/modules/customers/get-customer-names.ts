import type { Ctx } from '../../kernel/context.ts';

/**
 * Names of many customers in one query, for lists in other modules (a rep's inbox) that must
 * show who each row is about without a 360 read, and its audit entry, per row.
 */
export async function getCustomerNames(
  ctx: Pick<Ctx, 'db'>,
  ids: string[],
): Promise<Map<string, string | null>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('customer')
    .select(['id', 'name', 'emails'])
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name ?? r.emails[0] ?? null]));
}
