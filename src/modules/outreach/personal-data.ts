import { sql } from 'kysely';
import type { Db } from '../../kernel/db/pool.ts';

/** The customer's contact preferences, the log of contacts made, offer codes given or used, and holdout arms. */
export async function exportCustomerOutreach(db: Db, customerId: string) {
  return {
    contactPreferences: await db
      .selectFrom('contact_preference')
      .selectAll()
      .where('customer_id', '=', customerId)
      .execute(),
    contactHours: await db
      .selectFrom('contact_hours')
      .selectAll()
      .where('customer_id', '=', customerId)
      .execute(),
    contactRefusals: await db
      .selectFrom('contact_refusal')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('at')
      .execute(),
    contactLog: await db
      .selectFrom('contact_log')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('at')
      .execute(),
    offerCodes: await db
      .selectFrom('offer_code')
      .select(['offer_id', 'code', 'assigned_at', 'redeemed_at', 'redeemed_on'])
      .where((eb) => eb.or([eb('customer_id', '=', customerId), eb('redeemed_by', '=', customerId)]))
      .execute(),
    // Which programs held the customer out or treated them, and since when.
    programAssignments: await db
      .selectFrom('program_assignment')
      .select(['program_id', 'arm', 'eligible_at'])
      .where('customer_id', '=', customerId)
      .orderBy('eligible_at')
      .execute(),
    campaignSends: await db
      .selectFrom('campaign_send')
      .select(['id', 'campaign_id', 'arm', 'status', 'planned_for', 'sent_at', 'reason', 'reason_code'])
      .where('customer_id', '=', customerId)
      .execute(),
    campaignClicks: await db
      .selectFrom('campaign_click as k')
      .innerJoin('campaign_send as s', 's.id', 'k.send_id')
      .select(['k.send_id', 'k.url', 'k.clicked_at'])
      .where('s.customer_id', '=', customerId)
      .orderBy('k.clicked_at')
      .execute(),
    // The check-in call lists the customer was on, and what came of each.
    callItems: await db
      .selectFrom('call_item')
      .select(['call_list_id', 'day', 'channel', 'why', 'instead_reason', 'status', 'outcome', 'skip_reason'])
      .where('customer_id', '=', customerId)
      .orderBy('day')
      .execute(),
    // Win-back: each run the customer was in, the channel or why not, the code, the comeback.
    winbackContacts: await db
      .selectFrom('winback_contact')
      .select(['run_id', 'arm', 'channel', 'status', 'reason', 'offer_code', 'eligible_at', 'reactivated_at'])
      .where('customer_id', '=', customerId)
      .orderBy('eligible_at')
      .execute(),
  };
}

/**
 * Holdout arms stay (an arm and a time, nothing personal; removing them would bias the comparison).
 * Preferences keep what was allowed (an erased customer must stay unsubscribed) without their
 * notes; the contact log and refusals keep purpose, channel, rule and time (the counts) without
 * references; contact hours and call-list items go. Campaign sends and clicks stay as counts,
 * without reasons.
 */
export async function eraseCustomerOutreach(trx: Db, customerId: string) {
  await sql`update contact_preference set note = null where customer_id = ${customerId}`.execute(trx);
  const r = await sql`
    update contact_log set
      reference = 'erased-' || id,
      reminder_of = case when reminder_of is null then null else 'erased' end
    where customer_id = ${customerId}`.execute(trx);
  await sql`update contact_refusal set reference = 'erased-' || id where customer_id = ${customerId}`.execute(
    trx,
  );
  await sql`delete from contact_hours where customer_id = ${customerId}`.execute(trx);
  // Campaign sends keep arm, status and times (the campaign's counts); a bounce's words may quote
  // the address, so reasons go, and nothing still pending is sent.
  await sql`
    update campaign_send set reason = null,
      status = case when status = 'pending' then 'skipped' else status end,
      reason_code = case when status = 'pending' then 'erased' else reason_code end
    where customer_id = ${customerId}`.execute(trx);
  // Call items are work about a person (their value, a rep's skip reason); the arm stays above.
  await sql`delete from call_item where customer_id = ${customerId}`.execute(trx);
  // Win-back rows keep arm, status and times (the counts) and lose the reason; a pending email is
  // not sent (the delivery finds it no longer pending).
  await sql`update winback_contact set reason = null,
      status = case when status in ('pending', 'task') then 'skipped' else status end
    where customer_id = ${customerId}`.execute(trx);
  return { contacts: Number(r.numAffectedRows ?? 0) };
}
