import type { Ctx } from '../../../kernel/context.ts';

export type HistoryEntry = {
  id: number;
  kind: 'earn' | 'spend' | 'expire' | 'cancel' | 'adjust';
  points: number;
  reason: string;
  source: string;
  key: string;
  code: string | null;
  effectiveAt: Date;
  availableAt: Date;
  createdAt: Date;
};

/** A page of a customer's ledger, newest first; `next` (an entry id) continues it, null at the end. */
export async function listPointsHistory(
  ctx: Pick<Ctx, 'db'>,
  customerId: string,
  q: { limit: number; before?: number },
): Promise<{ data: HistoryEntry[]; next: number | null }> {
  let query = ctx.db
    .selectFrom('loyalty_ledger')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('id', 'desc')
    .limit(q.limit + 1);
  if (q.before !== undefined) query = query.where('id', '<', q.before);
  const rows = await query.execute();
  const page = rows.slice(0, q.limit);
  return {
    data: page.map((e) => ({
      id: e.id,
      kind: e.kind,
      points: e.points,
      reason: e.reason,
      source: e.source,
      key: e.idempotency_key,
      code: e.reward_code,
      effectiveAt: e.effective_at,
      availableAt: e.available_at,
      createdAt: e.created_at,
    })),
    next: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
