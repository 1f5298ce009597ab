import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import type { ChurnReasonItem, ChurnReasonSource } from '../insight/index.ts';

/**
 * Churn reasons from the closed loop: the root causes staff recorded on resolved cases whose
 * outcome was "churned". One item per customer and root cause, labelled from the managed list.
 */
export async function listCaseChurnReasons(
  ctx: Pick<Ctx, 'db'>,
  customerIds: string[],
): Promise<ChurnReasonItem[]> {
  if (customerIds.length === 0) return [];
  const rows = await sql<{ customer_id: string; reason: string }>`
    select distinct c.customer_id, coalesce(rc.label, x.cause) as reason
    from loop_case c cross join unnest(c.root_causes) as x(cause)
    left join root_cause rc on rc.key = x.cause
    where c.customer_id = any(${customerIds}::uuid[]) and c.status = 'resolved' and c.outcome = 'churned'
    order by c.customer_id, reason`.execute(ctx.db);
  return rows.rows.map((r) => ({ customerId: r.customer_id, reason: r.reason }));
}

/** What the loop module registers with insight's "why customers leave" (see src/app.ts). */
export const caseChurnReasonSource: ChurnReasonSource = {
  key: 'case-root-causes',
  label: 'Case root causes',
  list: listCaseChurnReasons,
};
