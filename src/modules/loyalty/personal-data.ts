import { sql } from 'kysely';
import type { Db } from '../../kernel/db/pool.ts';
import { ERASED } from '../../kernel/redact.ts';
import { eraseCustomerEvents, exportCustomerEvents } from './events/personal-data.ts';
import { eraseCustomerTiers, exportCustomerTiers } from './tiers/personal-data.ts';

/** The customer's points ledger, event invitations and answers, referrals, redemptions and gifts, and tier. */
export async function exportCustomerLoyalty(db: Db, customerId: string) {
  return {
    ledger: await db
      .selectFrom('loyalty_ledger')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('id')
      .execute(),
    events: await exportCustomerEvents(db, customerId),
    tier: await exportCustomerTiers(db, customerId),
    referralCode: await db
      .selectFrom('loyalty_referral_code')
      .selectAll()
      .where('customer_id', '=', customerId)
      .executeTakeFirst(),
    redemptions: await db
      .selectFrom('loyalty_redemption')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('id')
      .execute(),
    referrals: await db
      .selectFrom('loyalty_referral')
      .selectAll()
      .where((eb) => eb.or([eb('referrer_id', '=', customerId), eb('referred_id', '=', customerId)]))
      .orderBy('id')
      .execute(),
  };
}

/**
 * Points and dates stay (balances and reward counts in reports stay true); the reason written
 * with each grant, its properties, the reward code (a voucher is as good as a name) and the
 * idempotency key (it may quote an outside reference) are replaced.
 */
export async function eraseCustomerLoyalty(trx: Db, customerId: string) {
  const r = await sql`
    update loyalty_ledger set
      reason = ${ERASED},
      properties = '{}'::jsonb,
      reward_code = case when reward_code is null then null else ${ERASED} end,
      idempotency_key = 'erased-' || id
    where customer_id = ${customerId}`.execute(trx);
  // Who referred whom stays (the report's counts stay true); what recorded it may quote an
  // email (the landing page's sign-up) and goes, as does the purchase that claimed the credit.
  const refs = await sql`
    update loyalty_referral set
      source_ref = case when source_ref is null then null else 'erased-' || id end,
      credited_on = case when credited_on is null then null else 'erased-' || id end
    where (referred_id = ${customerId} or referrer_id = ${customerId})
      and (source_ref is not null or credited_on is not null)`.execute(trx);
  // Redemptions and gifts keep reward, points and dates; the code (as good as a name at the till),
  // a rep's note, where a gift came from and the purchase that used the code (outside references)
  // go. The pool code row keeps its code: it is the shop's, and stays taken.
  const red = await sql`
    update loyalty_redemption set note = null, idempotency_key = 'erased-' || id,
      code = case when code is null then null else 'ERASED-' || id end,
      source_ref = case when source_ref is null then null else 'erased-' || id end,
      used_on = case when used_on is null then null else 'erased-' || id end
    where customer_id = ${customerId}`.execute(trx);
  return {
    ledgerEntries: Number(r.numAffectedRows ?? 0),
    redemptions: Number(red.numAffectedRows ?? 0),
    referralRecords: Number(refs.numAffectedRows ?? 0),
    ...(await eraseCustomerEvents(trx, customerId)),
    ...(await eraseCustomerTiers(trx, customerId)),
  };
}
