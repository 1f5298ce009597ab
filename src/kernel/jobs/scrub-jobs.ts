import { sql } from 'kysely';
import type { Db } from '../db/pool.ts';
import { likePatterns, redactRecord, scrubJson } from '../redact.ts';

/** Within a job's data, an object about the customer is redacted; other strings are scrubbed. */
function redactFor<T>(v: T, customerId: string, terms: string[]): T {
  if (Array.isArray(v)) return v.map((x) => redactFor(x, customerId, terms)) as T;
  if (v && typeof v === 'object') {
    if ((v as Record<string, unknown>).customerId === customerId) return redactRecord(v, terms);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactFor(x, customerId, terms)])) as T;
  }
  return typeof v === 'string' ? scrubJson(v, terms) : v;
}

/**
 * Jobs carry copies of what they work on (a touchpoint to evaluate, say), and pg-boss keeps
 * finished ones for a while. Erasure deletes the finished jobs that mention the customer and
 * redacts the data of the ones still to run, which then run on the redacted copy.
 */
export async function scrubJobs(trx: Db, customerId: string, terms: string[]): Promise<number> {
  const patterns = [`%${customerId}%`, ...likePatterns(terms)];
  const mentions = sql`(data::text ilike any(${patterns}::text[]) or output::text ilike any(${patterns}::text[]))`;
  const done = await sql`
    delete from pgboss.job where state in ('completed', 'cancelled', 'failed') and ${mentions}`.execute(trx);
  const pending = await sql<{ id: string; name: string; data: unknown }>`
    select id, name, data from pgboss.job where state not in ('completed', 'cancelled', 'failed') and ${mentions}`.execute(
    trx,
  );
  for (const j of pending.rows) {
    await sql`update pgboss.job set data = ${JSON.stringify(redactFor(j.data, customerId, terms))}::jsonb, output = null
      where name = ${j.name} and id = ${j.id}`.execute(trx);
  }
  return Number(done.numAffectedRows ?? 0) + pending.rows.length;
}
