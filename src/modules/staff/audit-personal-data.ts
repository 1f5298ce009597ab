import { sql } from 'kysely';
import type { Db } from '../../kernel/db/pool.ts';
import { scrubMentions } from '../../kernel/redact.ts';

/** Who read or changed the customer's record, and when. */
export async function exportCustomerAudit(db: Db, customerId: string) {
  return {
    auditLog: await db
      .selectFrom('audit_log')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('id')
      .execute(),
  };
}

/**
 * Entries about the customer keep who did what and when, without their detail (changed values,
 * identities added); entries about anything else that quote the customer's name, email, phone
 * or external id (a search, say) have those strings scrubbed.
 */
export async function eraseCustomerAudit(trx: Db, customerId: string, terms: string[]) {
  const r =
    await sql`update audit_log set details = '{}'::jsonb where customer_id = ${customerId} and details <> '{}'::jsonb`.execute(
      trx,
    );
  await scrubMentions(
    trx,
    {
      table: 'audit_log',
      key: ['id'],
      text: ['target'],
      json: ['details'],
      where: sql`customer_id is distinct from ${customerId}`,
    },
    terms,
  );
  return { auditEntries: Number(r.numAffectedRows ?? 0) };
}

/** Retention: the detail (and the caller's address) of entries older than `before` is cleared. */
export async function clearAuditDetail(db: Db, before: Date): Promise<number> {
  const r = await sql`
    update audit_log set details = '{}'::jsonb, ip = null
    where at < ${before} and (details <> '{}'::jsonb or ip is not null)`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** An audit entry written outside a request (the CLI, erasure, the nightly retention job). */
export async function appendAudit(
  db: Db,
  e: {
    actor: { kind: 'staff' | 'api_key' | 'system'; id: string | null };
    action: string;
    customerId?: string;
    details?: Record<string, unknown>;
    ip?: string | null;
  },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_kind: e.actor.kind,
      actor_id: e.actor.id,
      action: e.action,
      customer_id: e.customerId ?? null,
      details: JSON.stringify(e.details ?? {}),
      ip: e.ip ?? null,
    })
    .execute();
}
