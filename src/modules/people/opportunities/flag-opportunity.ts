import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import type { Db } from '../../../kernel/db/pool.ts';
import { AppError, notFound } from '../../../kernel/errors.ts';
import { type Opportunity, opportunityOf } from './opportunity-of.ts';

export type FlagInput = {
  customerId: string;
  interactionId: number | null;
  caseId: string | null;
  interest: string;
  product: string | null;
  category: string | null;
  valueMinor: number;
  currency: string;
  windowDays: number;
  repId: string;
};

/**
 * Records an opportunity a rep found on a call or a case, open from now. The contact must be
 * this customer's (a call on their timeline, their case) and the rep an active staff member;
 * `audit` runs in the same transaction so the entry commits with the opportunity.
 */
export async function flagOpportunity(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  input: FlagInput,
  actorStaffId: string | null,
  audit: (trx: Db, o: Opportunity) => Promise<void>,
): Promise<Opportunity> {
  const customer = await ctx.db
    .selectFrom('customer')
    .select(['id', 'name'])
    .where('id', '=', input.customerId)
    .executeTakeFirst();
  if (!customer) throw notFound('Customer', input.customerId);
  let call: { occurred_at: Date } | undefined;
  if (input.interactionId !== null) {
    call = await ctx.db
      .selectFrom('interaction')
      .select('occurred_at')
      .where('customer_id', '=', input.customerId)
      .where('id', '=', input.interactionId)
      .executeTakeFirst();
    if (!call)
      throw new AppError(
        'validation_failed',
        `interactionId: no touchpoint ${input.interactionId} on this customer's timeline`,
        {
          field: 'interactionId',
        },
      );
  }
  if (input.caseId !== null) {
    const k = await ctx.db
      .selectFrom('loop_case')
      .select('id')
      .where('customer_id', '=', input.customerId)
      .where('id', '=', input.caseId)
      .executeTakeFirst();
    if (!k)
      throw new AppError('validation_failed', `caseId: no case ${input.caseId} of this customer`, {
        field: 'caseId',
      });
  }
  const rep = await ctx.db
    .selectFrom('staff')
    .select(['id', 'active'])
    .where('id', '=', input.repId)
    .executeTakeFirst();
  if (!rep?.active)
    throw new AppError('validation_failed', `repId: no active staff member ${input.repId}`, {
      field: 'repId',
    });
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('people_opportunity')
      .values({
        id: uuidv7(),
        customer_id: input.customerId,
        interaction_id: input.interactionId,
        interaction_occurred_at: call?.occurred_at ?? null,
        case_id: input.caseId,
        rep_id: input.repId,
        interest: input.interest,
        product: input.product,
        category: input.category,
        value_minor: input.valueMinor,
        currency: input.currency,
        window_days: input.windowDays,
        stage: 'open',
        flagged_at: now,
        stage_at: now,
        won_interaction_id: null,
        won_at: null,
        won_amount_minor: null,
        won_currency: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('people_opportunity_stage')
      .values({
        opportunity_id: row.id,
        from_stage: null,
        to_stage: 'open',
        at: now,
        staff_id: actorStaffId,
        note: null,
      })
      .execute();
    const o = opportunityOf({ ...row, customer_name: customer.name });
    await audit(trx, o);
    return o;
  });
}
