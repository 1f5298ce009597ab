import { sql } from 'kysely';
import type { Db } from '../../../kernel/db/pool.ts';
import { ERASED } from '../../../kernel/redact.ts';

/** The customer's tier: membership, a manager's override, the history, the emails and the close-list row. */
export async function exportCustomerTiers(db: Db, customerId: string) {
  const [membership, override, changes, emails, progress] = await Promise.all([
    db.selectFrom('loyalty_tier_member').selectAll().where('customer_id', '=', customerId).executeTakeFirst(),
    db
      .selectFrom('loyalty_tier_override')
      .selectAll()
      .where('customer_id', '=', customerId)
      .executeTakeFirst(),
    db
      .selectFrom('loyalty_tier_change')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('loyalty_tier_email')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('change_id')
      .execute(),
    db
      .selectFrom('loyalty_tier_progress')
      .selectAll()
      .where('customer_id', '=', customerId)
      .executeTakeFirst(),
  ]);
  return {
    membership: membership ?? null,
    override: override ?? null,
    changes,
    emails,
    progress: progress ?? null,
  };
}

/**
 * Membership and the history of changes stay (the dashboard's counts and moves stay true). What
 * words a person wrote goes: the override's reason (a manager's free text) and why a tier email
 * was not sent (it quotes consent notes). An email not yet sent never will be: the customer is
 * gone. The close-list row is a lead for reps to call, so it goes; the next evaluation may write
 * numbers for the anonymous customer again, as it does their membership.
 */
export async function eraseCustomerTiers(trx: Db, customerId: string) {
  const overrides = await sql`update loyalty_tier_override set reason = ${ERASED}
    where customer_id = ${customerId}`.execute(trx);
  const emails = await sql`update loyalty_tier_email set
      reason = case when status = 'pending' or reason is not null then ${ERASED} else null end,
      status = case when status = 'pending' then 'skipped' else status end
    where customer_id = ${customerId}`.execute(trx);
  const progress = await sql`delete from loyalty_tier_progress where customer_id = ${customerId}`.execute(
    trx,
  );
  return {
    tierOverrides: Number(overrides.numAffectedRows ?? 0),
    tierEmails: Number(emails.numAffectedRows ?? 0),
    tierProgress: Number(progress.numAffectedRows ?? 0),
  };
}
