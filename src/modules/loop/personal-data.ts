import { sql } from 'kysely';
import type { Db } from '../../kernel/db/pool.ts';
import { ERASED, redactRecord, scrubMentions } from '../../kernel/redact.ts';

const deliveriesOf = (customerId: string) => sql<boolean>`payload->'data'->>'customerId' = ${customerId}`;

/** A customer's cases with their history, alerts, tasks and promises, notices and webhook payloads. */
export async function exportCustomerLoop(db: Db, customerId: string) {
  const of = async (table: string) =>
    (
      await sql<
        Record<string, unknown>
      >`select * from ${sql.table(table)} where customer_id = ${customerId}`.execute(db)
    ).rows;
  return {
    cases: await of('loop_case'),
    caseEvents: await of('case_event'),
    alerts: await of('alert'),
    tasks: await of('task'),
    notifications: await of('notification'),
    webhookDeliveries: await db
      .selectFrom('webhook_delivery')
      .selectAll()
      .where(deliveriesOf(customerId))
      .orderBy('created_at')
      .execute(),
  };
}

/** Rewrites a JSON column row by row with `redactRecord`, for the rows `where` selects. */
async function redactJson(
  trx: Db,
  table: string,
  key: string[],
  column: string,
  where: ReturnType<typeof sql>,
  terms: string[],
) {
  const rows = await sql<Record<string, unknown>>`
    select ${sql.join([...key, column].map((c) => sql.id(c)))} from ${sql.table(table)} where ${where}`.execute(
    trx,
  );
  for (const r of rows.rows) {
    const match = sql.join(
      key.map((k) => sql`${sql.id(k)} = ${r[k]}`),
      sql` and `,
    );
    const value = r[column] == null ? null : JSON.stringify(redactRecord(r[column], terms));
    await sql`update ${sql.table(table)} set ${sql.id(column)} = ${value}::jsonb where ${match}`.execute(trx);
  }
  return rows.rows.length;
}

/**
 * Case titles, notes, comments, reasons, alert summaries and events, promise texts, notices and
 * webhook payloads about the customer are blanked; severities, outcomes, root causes, dates and
 * SLA clocks stay, so the loop report is unchanged. Other customers' cases, notices and payloads
 * that mention the customer's name, email, phone or external id have those strings scrubbed.
 */
export async function eraseCustomerLoop(trx: Db, customerId: string, terms: string[]) {
  const own = sql`customer_id = ${customerId}`;
  const cases = await trx
    .updateTable('loop_case')
    .set({ title: ERASED, resolution_note: null })
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  await redactJson(
    trx,
    'loop_case',
    ['customer_id', 'id'],
    'follow_up',
    sql`${own} and follow_up is not null`,
    terms,
  );
  const events = await redactJson(trx, 'case_event', ['customer_id', 'id'], 'details', own, terms);
  await sql`update alert set summary = ${ERASED}, event = null where ${own}`.execute(trx);
  await trx
    .updateTable('task')
    .set({ title: ERASED })
    .where('customer_id', '=', customerId)
    .where('type', '=', 'promise')
    .execute();
  await trx.updateTable('task').set({ note: null }).where('customer_id', '=', customerId).execute();
  await sql`update notification set title = ${ERASED}, body = ${ERASED} where ${own}`.execute(trx);
  await redactJson(trx, 'webhook_delivery', ['id'], 'payload', deliveriesOf(customerId), terms);

  const others = sql`customer_id <> ${customerId}`;
  await scrubMentions(
    trx,
    {
      table: 'loop_case',
      key: ['customer_id', 'id'],
      text: ['title', 'resolution_note'],
      json: ['follow_up'],
      where: others,
    },
    terms,
  );
  await scrubMentions(
    trx,
    { table: 'case_event', key: ['customer_id', 'id'], json: ['details'], where: others },
    terms,
  );
  await scrubMentions(
    trx,
    { table: 'alert', key: ['customer_id', 'id'], text: ['summary'], json: ['event'], where: others },
    terms,
  );
  await scrubMentions(
    trx,
    { table: 'task', key: ['customer_id', 'id'], text: ['title', 'note'], where: others },
    terms,
  );
  await scrubMentions(trx, { table: 'notification', key: ['id'], text: ['title', 'body'] }, terms);
  await scrubMentions(trx, { table: 'webhook_delivery', key: ['id'], json: ['payload'] }, terms);
  return { cases: Number(cases.numUpdatedRows), caseEvents: events };
}
