import type { Ctx } from '../../../kernel/context.ts';
import type { Db } from '../../../kernel/db/pool.ts';
import { AppError } from '../../../kernel/errors.ts';
import { getCustomer } from '../../customers/index.ts';
import { evaluateTiers } from './evaluate-tiers.ts';

/**
 * A manager puts a customer in a tier (or in none) until a date, saying why. The override and its
 * audit entry commit together; evaluation then applies it at once, and when it expires the
 * nightly evaluation puts the customer where their numbers say.
 */
export async function overrideTier(
  ctx: Ctx,
  customerId: string,
  input: { tierId: string | null; until: Date; reason: string },
  setBy: string | null,
  audit: (trx: Db) => Promise<void>,
) {
  await getCustomer(ctx, customerId);
  if (input.until <= ctx.clock.now()) throw new AppError('validation_failed', 'until: must be in the future');
  if (input.tierId) {
    const t = await ctx.db
      .selectFrom('loyalty_tier')
      .select('id')
      .where('id', '=', input.tierId)
      .executeTakeFirst();
    if (!t) throw new AppError('validation_failed', `tierId: no tier ${input.tierId}`);
  }
  await ctx.db.transaction().execute(async (trx) => {
    const row = { tier_id: input.tierId, until: input.until, reason: input.reason.trim(), set_by: setBy };
    await trx
      .insertInto('loyalty_tier_override')
      .values({ customer_id: customerId, ...row })
      .onConflict((oc) => oc.column('customer_id').doUpdateSet(row))
      .execute();
    await audit(trx);
  });
  const r = await evaluateTiers(ctx, { customerIds: [customerId] });
  return { changed: r.changes.length > 0 };
}
