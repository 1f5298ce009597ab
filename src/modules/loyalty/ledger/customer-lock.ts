import { sql } from 'kysely';
import type { Db } from '../../../kernel/db/pool.ts';

/**
 * Serialises everything that takes points from one customer (spends, negative adjustments,
 * expiry) for the rest of the transaction: the balance check and the insert cannot interleave,
 * so parallel spends never take the available balance below zero. Earning needs no lock: it only adds.
 */
export async function lockCustomerPoints(trx: Db, customerId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`loyalty:${customerId}`}, 0))`.execute(trx);
}

/** Points spendable at `at`: everything whose available_at has come (earn, cancel, spend, expire, adjust). */
export async function availablePoints(db: Db, customerId: string, at: Date): Promise<number> {
  const r = await db
    .selectFrom('loyalty_ledger')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('points'), eb.val('0')).as('points'))
    .where('customer_id', '=', customerId)
    .where('available_at', '<=', at)
    .executeTakeFirstOrThrow();
  return Number(r.points);
}
