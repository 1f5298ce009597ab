import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';

/** Open cases plus open tasks per customer, for the customer 360 and rules (`customer.openItems`). */
export async function countOpenItems(
  ctx: Pick<Ctx, 'db'>,
  customerIds: string[],
): Promise<Map<string, number>> {
  const rows = await sql<{ customer_id: string; n: number }>`
    select customer_id, count(*)::int as n from (
      select customer_id from loop_case where customer_id = any(${customerIds}::uuid[]) and status <> 'resolved'
      union all
      select customer_id from task where customer_id = any(${customerIds}::uuid[]) and status = 'open'
    ) open_items group by customer_id`.execute(ctx.db);
  return new Map(rows.rows.map((r) => [r.customer_id, r.n]));
}
