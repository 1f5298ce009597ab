import type { FastifyRequest } from 'fastify';
import type { Db } from '../../kernel/db/pool.ts';
import { bufferReadAudit, writeReadAudit } from './read-audit-buffer.ts';

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
 * of a change so the entry commits with it; reads are buffered (see read-audit-buffer.ts), and
 * with `beforeResponse` in PostgreSQL before this resolves (batched with concurrent ones).
 */
export async function recordAudit(
  db: Db,
  req: FastifyRequest,
  entry: AuditEntry,
  opts: { isRead?: boolean; beforeResponse?: boolean } = {},
): Promise<void> {
  const values = rowOf(auditByOf(req), entry);
  if (opts.isRead && opts.beforeResponse) await writeReadAudit(db, values);
  else if (opts.isRead) bufferReadAudit(db, values);
  else await db.insertInto('audit_log').values(values).execute();
}

/** Records a change made outside a request's handler (domain functions, the CLI). */
export async function recordAuditBy(db: Db, by: AuditBy, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(rowOf(by, entry)).execute();
}
