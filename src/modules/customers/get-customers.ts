import type { Ctx } from '../../kernel/context.ts';
import { toCustomerView } from './get-customer.ts';
import type { CustomerView } from './schemas.ts';

/** Many customers by id in two statements (profiles, identities); ids not found are absent. */
export async function getCustomers(
  ctx: Pick<Ctx, 'db'>,
  ids: readonly string[],
): Promise<Map<string, CustomerView>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const [rows, identities] = await Promise.all([
    ctx.db.selectFrom('customer').selectAll().where('id', 'in', unique).execute(),
    ctx.db
      .selectFrom('customer_identity')
      .select(['customer_id', 'source', 'external_id'])
      .where('customer_id', 'in', unique)
      .orderBy('customer_id')
      .execute(),
  ]);
  const byCustomer = new Map<string, typeof identities>();
  for (const i of identities) byCustomer.set(i.customer_id, [...(byCustomer.get(i.customer_id) ?? []), i]);
  return new Map(rows.map((r) => [r.id, toCustomerView(r, byCustomer.get(r.id) ?? [])]));
}
