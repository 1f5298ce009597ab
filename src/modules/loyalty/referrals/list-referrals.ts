import type { Ctx } from '../../../kernel/context.ts';

export type ReferralView = {
  id: number;
  code: string;
  referrerId: string | null;
  referredId: string;
  status: 'accepted' | 'refused';
  reason: string | null;
  source: string;
  sourceRef: string | null;
  recordedAt: Date;
  firstPurchaseAt: Date | null;
  creditedAt: Date | null;
  referrerPoints: number | null;
  refereePoints: number | null;
};

/** Referrals newest first, optionally of one customer (either side) and of one status. */
export async function listReferrals(
  ctx: Pick<Ctx, 'db'>,
  opts: { customerId?: string; status?: 'accepted' | 'refused'; limit: number; beforeId?: number },
): Promise<ReferralView[]> {
  let q = ctx.db.selectFrom('loyalty_referral').selectAll().orderBy('id', 'desc').limit(opts.limit);
  if (opts.customerId) {
    const id = opts.customerId;
    q = q.where((eb) => eb.or([eb('referrer_id', '=', id), eb('referred_id', '=', id)]));
  }
  if (opts.status) q = q.where('status', '=', opts.status);
  if (opts.beforeId) q = q.where('id', '<', opts.beforeId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    code: r.code,
    referrerId: r.referrer_id,
    referredId: r.referred_id,
    status: r.status,
    reason: r.reason,
    source: r.source,
    sourceRef: r.source_ref,
    recordedAt: r.recorded_at,
    firstPurchaseAt: r.first_purchase_at,
    creditedAt: r.credited_at,
    referrerPoints: r.referrer_points,
    refereePoints: r.referee_points,
  }));
}
