import type { Db } from '../../kernel/db/pool.ts';

/**
 * The customer's current scores and their daily history. Erasure leaves them: they are numbers
 * computed from the (kept, anonymous) amounts and dates, and hold no text about the customer.
 */
export async function exportCustomerInsight(db: Db, customerId: string) {
  return {
    score:
      (await db
        .selectFrom('insight_score')
        .selectAll()
        .where('customer_id', '=', customerId)
        .executeTakeFirst()) ?? null,
    scoreHistory: await db
      .selectFrom('insight_score_history')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('scored_on')
      .execute(),
  };
}
