import type { Db } from '../../../kernel/db/pool.ts';

/** The rewards the customer said they value, with their note. */
export async function exportCustomerRewardPreference(db: Db, customerId: string) {
  return (
    (await db
      .selectFrom('people_customer_reward_preference')
      .selectAll()
      .where('customer_id', '=', customerId)
      .executeTakeFirst()) ?? null
  );
}

/** The preference is the customer's own words about themselves: removed, note and all. */
export async function eraseCustomerRewardPreference(trx: Db, customerId: string) {
  const r = await trx
    .deleteFrom('people_customer_reward_preference')
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return { rewardPreferences: Number(r.numDeletedRows) };
}
