import type { Ctx } from '../../../kernel/context.ts';
import type { OpportunityStage } from '../tables.ts';
import { type Opportunity, opportunityOf } from './opportunity-of.ts';

export type OpportunityFilter = {
  stage?: OpportunityStage;
  repId?: string;
  customerId?: string;
  limit: number;
};

/** Opportunities, newest first, with the customer's name for the list and the board. */
export async function listOpportunities(ctx: Pick<Ctx, 'db'>, f: OpportunityFilter): Promise<Opportunity[]> {
  let q = ctx.db
    .selectFrom('people_opportunity as o')
    .innerJoin('customer as c', 'c.id', 'o.customer_id')
    .selectAll('o')
    .select('c.name as customer_name');
  if (f.stage) q = q.where('o.stage', '=', f.stage);
  if (f.repId) q = q.where('o.rep_id', '=', f.repId);
  if (f.customerId) q = q.where('o.customer_id', '=', f.customerId);
  const rows = await q.orderBy('o.flagged_at', 'desc').orderBy('o.id', 'desc').limit(f.limit).execute();
  return rows.map(opportunityOf);
}
