import type { Ctx } from '../../../kernel/context.ts';
import { notFound } from '../../../kernel/errors.ts';
import type { CallListView } from './schemas.ts';

/** Call lists with their program's holdout share; all of them, or the one with `id`. */
export async function listCallLists(ctx: Pick<Ctx, 'db'>, id?: string): Promise<CallListView[]> {
  let q = ctx.db
    .selectFrom('call_list as l')
    .innerJoin('outreach_program as p', 'p.id', 'l.id')
    .select([
      'l.id',
      'l.name',
      'l.segment_id',
      'l.cap_per_rep',
      'l.fallback_rep_id',
      'l.call_from',
      'l.call_to',
      'l.active',
      'l.updated_at',
      'p.holdout_share',
    ])
    .orderBy('l.name');
  if (id) q = q.where('l.id', '=', id);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    segmentId: r.segment_id,
    capPerRep: r.cap_per_rep,
    holdoutShare: Number(r.holdout_share),
    fallbackRepId: r.fallback_rep_id,
    callFrom: r.call_from,
    callTo: r.call_to,
    active: r.active,
    updatedAt: r.updated_at.toISOString(),
  }));
}

export async function getCallList(ctx: Pick<Ctx, 'db'>, id: string): Promise<CallListView> {
  const [list] = await listCallLists(ctx, id);
  if (!list) throw notFound('call list', id);
  return list;
}
