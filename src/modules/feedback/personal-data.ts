import { sql } from 'kysely';
import type { Db } from '../../kernel/db/pool.ts';
import { likePatterns, scrubMentions } from '../../kernel/redact.ts';

/** Anonymous answers (web form, widget) that name the customer's email as their respondent's. */
const linkedAnonymous = (emails: string[]) =>
  sql<boolean>`customer_id is null and lower(respondent->>'email') = any(${emails.map((e) => e.toLowerCase())}::text[])`;

/** A customer's survey sends and answers, and anonymous answers left under one of their emails. */
export async function exportCustomerFeedback(db: Db, customerId: string, emails: string[]) {
  return {
    surveySends: await db
      .selectFrom('survey_send')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('created_at')
      .execute(),
    surveyResponses: await db
      .selectFrom('survey_response')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('responded_at')
      .execute(),
    anonymousResponses: emails.length
      ? await db
          .selectFrom('survey_response')
          .selectAll()
          .where(linkedAnonymous(emails))
          .orderBy('responded_at')
          .execute()
      : [],
  };
}

// Free text goes; scores, choices, themes, sentiment and dates stay, so summaries stay true.
const redactAnswers = sql`
  comment = null,
  respondent = null,
  source_key = case when source_key is null then null else 'erased-' || id end,
  answers = coalesce((select jsonb_agg(a - 'text') from jsonb_array_elements(answers) a), '[]'::jsonb)`;

/**
 * Redacts the free text of the customer's answers and of anonymous answers linked to them (their
 * email as the respondent's, or their name, email, phone or external id in the text), and
 * scrubs those strings from the notes of their sends.
 */
export async function eraseCustomerFeedback(trx: Db, customerId: string, emails: string[], terms: string[]) {
  const own =
    await sql`update survey_response set ${redactAnswers} where customer_id = ${customerId}`.execute(trx);
  const patterns = likePatterns(terms);
  const anonymous = await sql`
    update survey_response set ${redactAnswers}
    where customer_id is null and (
      ${emails.length ? linkedAnonymous(emails) : sql`false`}
      or (${terms.length > 0} and (
        comment ilike any(${patterns}::text[]) or answers::text ilike any(${patterns}::text[])
        or respondent::text ilike any(${patterns}::text[]))))`.execute(trx);
  await scrubMentions(
    trx,
    { table: 'survey_send', key: ['customer_id', 'id'], text: ['status_reason', 'reminder_note'] },
    terms,
  );
  return {
    responses: Number(own.numAffectedRows ?? 0),
    anonymousResponses: Number(anonymous.numAffectedRows ?? 0),
  };
}

/** Retention: anonymous answers older than `before` go (with their theme corrections). */
export async function deleteAnonymousResponses(db: Db, before: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const old = trx
      .selectFrom('survey_response')
      .select('id')
      .where('customer_id', 'is', null)
      .where('responded_at', '<', before);
    await trx.deleteFrom('survey_response_theme_correction').where('response_id', 'in', old).execute();
    const r = await trx
      .deleteFrom('survey_response')
      .where('customer_id', 'is', null)
      .where('responded_at', '<', before)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  });
}
