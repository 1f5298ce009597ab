import type { Ctx } from '../../../kernel/context.ts';
import type { CustomerPreferenceView } from './schemas.ts';

/** The rewards a customer values (empty when never asked). */
export async function getCustomerRewardPreference(
  ctx: Pick<Ctx, 'db'>,
  customerId: string,
): Promise<CustomerPreferenceView> {
  const row = await ctx.db
    .selectFrom('people_customer_reward_preference')
    .selectAll()
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return {
    customerId,
    choices: row?.choices ?? [],
    note: row?.note ?? null,
    source: row?.source ?? null,
    updatedAt: row?.updated_at ?? null,
  };
}
