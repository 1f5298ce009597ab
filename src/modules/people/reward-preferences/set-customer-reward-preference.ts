import type { Ctx } from '../../../kernel/context.ts';
import type { Db } from '../../../kernel/db/pool.ts';
import { AppError, notFound } from '../../../kernel/errors.ts';
import type { CustomerReward } from './options.ts';
import type { CustomerPreferenceView } from './schemas.ts';

/**
 * Records which rewards a customer values, as a rep heard it (source 'staff', from the 360) or
 * as the customer said it (source 'customer'); the latest answer replaces the one before.
 * `audit` runs in the same transaction.
 */
export async function setCustomerRewardPreference(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  customerId: string,
  input: { choices: CustomerReward[]; note: string | null; source: 'staff' | 'customer' },
  audit?: (trx: Db) => Promise<void>,
): Promise<CustomerPreferenceView> {
  const now = ctx.clock.now();
  const note = input.note?.trim() || null;
  return ctx.db.transaction().execute(async (trx) => {
    const customer = await trx
      .selectFrom('customer')
      .select(['id', 'erased_at'])
      .where('id', '=', customerId)
      .executeTakeFirst();
    if (!customer) throw notFound('Customer', customerId);
    if (customer.erased_at)
      throw new AppError('conflict', 'This customer was erased; nothing is recorded about them');
    const values = { choices: input.choices, note, source: input.source, updated_at: now };
    await trx
      .insertInto('people_customer_reward_preference')
      .values({ customer_id: customerId, ...values })
      .onConflict((oc) => oc.column('customer_id').doUpdateSet(values))
      .execute();
    await audit?.(trx);
    return { customerId, choices: input.choices, note, source: input.source, updatedAt: now };
  });
}
