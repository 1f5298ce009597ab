import type { FastifyRequest } from 'fastify';
import type { Db } from '../../kernel/db/pool.ts';
import { bufferReadAudit, claimReadView } from './read-audit-buffer.ts';

export type AuditEntry = {
  action: string;
  customerId?: string;
  target?: string;
  details?: Record<string, unknown>;
};

/** Who did something, and from where: a request's principal, or the system (CLI, jobs). */
export type AuditBy = {
  actor: { kind: 'staff' | 'api_key'; id: string } | undefined;
  ip: string | null;
};

export const auditByOf = (req: FastifyRequest): AuditBy => ({
  actor: req.principal ? { kind: req.principal.kind, id: req.principal.id } : undefined,
  ip: req.ip,
});

/** The command line: no principal, no address. */
export const systemAudit: AuditBy = { actor: undefined, ip: null };

const rowOf = (by: AuditBy, entry: AuditEntry) => ({
  actor_kind: by.actor?.kind ?? ('system' as const),
  actor_id: by.actor?.id ?? null,
  action: entry.action,
  customer_id: entry.customerId ?? null,
  target: entry.target ?? null,
  details: JSON.stringify(entry.details ?? {}),
  ip: by.ip,
});

/**
 * Records one audit entry for a staff or API-key action on customer data. Pass the transaction
 * of a change so the entry commits with it; reads are buffered (see read-audit-buffer.ts).
 */
export async function recordAudit(
  db: Db,
  req: FastifyRequest,
  entry: AuditEntry,
  opts: { isRead?: boolean } = {},
): Promise<void> {
  const values = rowOf(auditByOf(req), entry);
  if (opts.isRead) bufferReadAudit(db, values);
  else await db.insertInto('audit_log').values(values).execute();
}

/** Records a change made outside a request's handler (domain functions, the CLI). */
export async function recordAuditBy(db: Db, by: AuditBy, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(rowOf(by, entry)).execute();
}

/** A read's audit row written by the read's own statement: its parameters, and what to tell after. */
export type InlineReadAudit = {
  /** actor_kind, actor_id, action, details, ip: the statement's parameters from `first` on. */
  params: unknown[];
  /** The inserted row's id, or null when the statement inserted none or failed. */
  settle(rowId: string | null): void;
};

/**
 * For a read that writes its audit row in its own statement (readAuditCte): undefined when the
 * read folds into this actor's recent view of the customer (read-audit-buffer.ts), so nothing is
 * written. The row commits with the read's response, so a crash of the app cannot lose it.
 */
export function inlineReadAudit(db: Db, req: FastifyRequest, entry: AuditEntry): InlineReadAudit | undefined {
  const values = rowOf(auditByOf(req), entry);
  const claim = claimReadView(db, values);
  if (!claim) return undefined;
  return {
    params: [values.actor_kind, values.actor_id, values.action, values.details, values.ip],
    settle: claim.settle,
  };
}

/**
 * A data-modifying CTE `read_audit (id)` inserting one audit row per customer id that `customers`
 * (a select of `id`) yields, from the InlineReadAudit parameters at `$first`..`$first+4`. It sets
 * synchronous_commit off for its statement's transaction only, as the buffered read records do:
 * the row is in PostgreSQL before the response leaves, so a crash of the app cannot lose it; a
 * crash of PostgreSQL itself within its WAL writer delay (200 ms by default) can. Change records
 * never go this way.
 */
export function readAuditCte(customers: string, first: number): string {
  const p = (i: number) => `$${first + i}`;
  return `read_audit_async as materialized (select set_config('synchronous_commit', 'off', true) as v),
  read_audit as (insert into audit_log (actor_kind, actor_id, action, customer_id, details, ip)
    select ${p(0)}, ${p(1)}::uuid, ${p(2)}, found.id, ${p(3)}::jsonb, ${p(4)}
    from (${customers}) found cross join read_audit_async
    returning id)`;
}
