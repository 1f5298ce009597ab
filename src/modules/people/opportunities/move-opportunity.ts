import type { Ctx } from '../../../kernel/context.ts';
import type { Db } from '../../../kernel/db/pool.ts';
import { AppError, notFound } from '../../../kernel/errors.ts';
import type { OpportunityStage } from '../tables.ts';
import { type Opportunity, opportunityOf } from './opportunity-of.ts';

/**
 * Which stage a person may move an opportunity to from each stage. Won is never set by hand: a
 * sale is credited only when its purchase arrives (convert-on-purchase.ts), so revenue in the
 * report is always revenue that was recorded. A won opportunity stays won.
 */
const ALLOWED: Record<OpportunityStage, OpportunityStage[]> = {
  open: ['qualified', 'lost'],
  qualified: ['open', 'lost'],
  lost: ['open'],
  won: [],
};

/**
 * Moves an opportunity to another stage, with a note, in one transaction with its history and
 * the audit entry. Moving to the stage it is in changes nothing (a double click is harmless);
 * a move the stages do not allow is a 409 that names the allowed ones.
 */
export async function moveOpportunity(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  id: string,
  to: { stage: 'open' | 'qualified' | 'lost'; note?: string },
  actorStaffId: string | null,
  audit: (trx: Db, o: Opportunity, from: OpportunityStage) => Promise<void>,
): Promise<Opportunity> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('people_opportunity')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('Opportunity', id);
    if (row.stage === to.stage) return opportunityOf(row);
    if (!ALLOWED[row.stage].includes(to.stage))
      throw new AppError(
        'conflict',
        row.stage === 'won'
          ? 'This opportunity is won: a matching purchase converted it, and that stays'
          : `An opportunity moves from ${row.stage} only to ${ALLOWED[row.stage].join(' or ')}; won is set by a matching purchase`,
      );
    const now = ctx.clock.now();
    const moved = await trx
      .updateTable('people_opportunity')
      .set({ stage: to.stage, stage_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('people_opportunity_stage')
      .values({
        opportunity_id: id,
        from_stage: row.stage,
        to_stage: to.stage,
        at: now,
        staff_id: actorStaffId,
        note: to.note ?? null,
      })
      .execute();
    const o = opportunityOf(moved);
    await audit(trx, o, row.stage);
    return o;
  });
}
