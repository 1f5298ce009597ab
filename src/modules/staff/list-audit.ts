import type { Ctx } from '../../kernel/context.ts';
import { flushReadAudits } from './read-audit-buffer.ts';

export type AuditView = {
  id: number;
  at: Date;
  actorKind: string;
  actorId: string | null;
  action: string;
  customerId: string | null;
  target: string | null;
  details: unknown;
  ip: string | null;
};

export async function listAudit(
  ctx: Pick<Ctx, 'db'>,
  f: { customerId?: string; actorId?: string; before?: number; limit: number },
): Promise<AuditView[]> {
  await flushReadAudits(ctx.db);
  let q = ctx.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(f.limit);
  if (f.customerId) q = q.where('customer_id', '=', f.customerId);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.before) q = q.where('id', '<', f.before);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    action: r.action,
    customerId: r.customer_id,
    target: r.target,
    details: r.details,
    ip: r.ip,
  }));
}
