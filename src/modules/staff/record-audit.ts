import type { FastifyRequest } from 'fastify';
import type { Db } from '../../kernel/db/pool.ts';
import { bufferReadAudit } from './read-audit-buffer.ts';

export type AuditEntry = {
  action: string;
  customerId?: string;
  target?: string;
  details?: Record<string, unknown>;
};

function actorOf(req: FastifyRequest) {
  const p = req.principal;
  if (!p) return { actor_kind: 'system' as const, actor_id: null };
  return { actor_kind: p.kind, actor_id: p.id };
}

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
  const values = {
    ...actorOf(req),
    action: entry.action,
    customer_id: entry.customerId ?? null,
    target: entry.target ?? null,
    details: JSON.stringify(entry.details ?? {}),
    ip: req.ip,
  };
  if (opts.isRead) bufferReadAudit(db, values);
  else await db.insertInto('audit_log').values(values).execute();
}
