import type { Ctx } from '../../../kernel/context.ts';
import { getCustomerNames } from '../../customers/index.ts';
import type { KudosView } from './schemas.ts';

type Row = {
  id: string;
  from_staff_id: string;
  to_staff_id: string;
  customer_id: string | null;
  case_id: string | null;
  message: string;
  created_at: Date;
};

/** Kudos rows as the API shows them, with the names of both colleagues and of the customer. */
export async function kudosOf(ctx: Pick<Ctx, 'db'>, rows: Row[]): Promise<KudosView[]> {
  if (!rows.length) return [];
  const staffIds = [...new Set(rows.flatMap((r) => [r.from_staff_id, r.to_staff_id]))];
  const staff = new Map(
    (await ctx.db.selectFrom('staff').select(['id', 'name']).where('id', 'in', staffIds).execute()).map(
      (s) => [s.id, s.name],
    ),
  );
  const customers = await getCustomerNames(
    ctx,
    rows.flatMap((r) => (r.customer_id ? [r.customer_id] : [])),
  );
  return rows.map((r) => ({
    id: r.id,
    fromStaffId: r.from_staff_id,
    fromName: staff.get(r.from_staff_id) ?? '',
    toStaffId: r.to_staff_id,
    toName: staff.get(r.to_staff_id) ?? '',
    customerId: r.customer_id,
    customerName: r.customer_id ? (customers.get(r.customer_id) ?? null) : null,
    caseId: r.case_id,
    message: r.message,
    createdAt: r.created_at,
  }));
}
