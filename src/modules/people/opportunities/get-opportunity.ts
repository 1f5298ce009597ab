import type { Ctx } from '../../../kernel/context.ts';
import { notFound } from '../../../kernel/errors.ts';
import { opportunityOf } from './opportunity-of.ts';

/** One opportunity with its stage history, oldest change first. */
export async function getOpportunity(ctx: Pick<Ctx, 'db'>, id: string) {
  const row = await ctx.db
    .selectFrom('people_opportunity as o')
    .innerJoin('customer as c', 'c.id', 'o.customer_id')
    .selectAll('o')
    .select('c.name as customer_name')
    .where('o.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Opportunity', id);
  const history = await ctx.db
    .selectFrom('people_opportunity_stage')
    .selectAll()
    .where('opportunity_id', '=', id)
    .orderBy('id')
    .execute();
  return {
    ...opportunityOf(row),
    history: history.map((h) => ({
      fromStage: h.from_stage,
      toStage: h.to_stage,
      at: h.at,
      staffId: h.staff_id,
      note: h.note,
    })),
  };
}
