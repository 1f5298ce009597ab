import type { Ctx } from '../../../kernel/context.ts';
import { notFound } from '../../../kernel/errors.ts';
import type { RedemptionView } from './schemas.ts';

const query = (ctx: Pick<Ctx, 'db'>) =>
  ctx.db
    .selectFrom('loyalty_redemption as d')
    .innerJoin('loyalty_reward as r', 'r.id', 'd.reward_id')
    .selectAll('d')
    .select(['r.name', 'r.kind', 'r.partner_name', 'r.partner_terms']);

type Row = Awaited<ReturnType<ReturnType<typeof query>['executeTakeFirstOrThrow']>>;

const toView = (d: Row): RedemptionView => ({
  id: d.id,
  rewardId: d.reward_id,
  rewardName: d.name,
  kind: d.kind,
  customerId: d.customer_id,
  key: d.idempotency_key,
  points: d.points,
  code: d.code,
  channel: d.channel,
  staffId: d.staff_id,
  sourceKind: d.source_kind,
  sourceRef: d.source_ref,
  note: d.note,
  partnerName: d.partner_name,
  partnerTerms: d.partner_terms,
  createdAt: d.created_at,
  usedAt: d.used_at,
});

export async function getRedemption(ctx: Pick<Ctx, 'db'>, id: number): Promise<RedemptionView> {
  const row = await query(ctx).where('d.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Redemption', String(id));
  return toView(row);
}

/** A customer's redemptions and gifts, newest first. */
export async function listRedemptions(
  ctx: Pick<Ctx, 'db'>,
  customerId: string,
  opts: { limit: number; before?: number },
): Promise<{ data: RedemptionView[]; next: number | null }> {
  let q = query(ctx).where('d.customer_id', '=', customerId);
  if (opts.before) q = q.where('d.id', '<', opts.before);
  const rows = await q
    .orderBy('d.id', 'desc')
    .limit(opts.limit + 1)
    .execute();
  const data = rows.slice(0, opts.limit).map(toView);
  return { data, next: rows.length > opts.limit ? (data.at(-1)?.id ?? null) : null };
}
