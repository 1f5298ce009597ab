import { sql } from 'kysely';
import type { Db } from '../../../kernel/db/pool.ts';
import { ERASED } from '../../../kernel/redact.ts';

/** The customer's opportunities and their stage history, every column as stored. */
export async function exportCustomerOpportunities(db: Db, customerId: string) {
  const opportunities = await db
    .selectFrom('people_opportunity')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('flagged_at')
    .execute();
  const history = opportunities.length
    ? await db
        .selectFrom('people_opportunity_stage')
        .selectAll()
        .where(
          'opportunity_id',
          'in',
          opportunities.map((o) => o.id),
        )
        .orderBy('opportunity_id')
        .orderBy('id')
        .execute()
    : [];
  return { opportunities, history };
}

/**
 * What the rep wrote about the customer goes: the interest, the product and category (they say
 * what the customer wanted) and every note on a stage change (a note may quote them, a
 * conversion's note quotes the purchase's outside reference). Stages, values, dates and the
 * credited revenue stay, so the revenue report stays true.
 */
export async function eraseCustomerOpportunities(trx: Db, customerId: string) {
  const r = await sql`
    update people_opportunity set
      interest = ${ERASED},
      product = case when product is null then null else ${ERASED} end,
      category = case when category is null then null else ${ERASED} end
    where customer_id = ${customerId}`.execute(trx);
  const h = await sql`
    update people_opportunity_stage s set note = null
    from people_opportunity o
    where o.id = s.opportunity_id and o.customer_id = ${customerId} and s.note is not null`.execute(trx);
  return { opportunities: Number(r.numAffectedRows ?? 0), opportunityNotes: Number(h.numAffectedRows ?? 0) };
}
