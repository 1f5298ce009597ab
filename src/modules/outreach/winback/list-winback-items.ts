import type { Ctx } from '../../../kernel/context.ts';
import { getCustomerNames } from '../../customers/index.ts';
import type { WinbackPlanItem } from './schemas.ts';

/** A run's customers in the order they were decided: arm, channel, status and why. */
export async function listWinbackItems(
  ctx: Pick<Ctx, 'db'>,
  runId: string,
  opts: { limit: number; status?: WinbackPlanItem['status'] },
): Promise<WinbackPlanItem[]> {
  let q = ctx.db
    .selectFrom('winback_contact as w')
    .select(['w.customer_id', 'w.arm', 'w.channel', 'w.status', 'w.reason', 'w.offer_code', 'w.planned_for'])
    .where('w.run_id', '=', runId);
  if (opts.status) q = q.where('w.status', '=', opts.status);
  const rows = await q.orderBy('w.id').limit(opts.limit).execute();
  const names = await getCustomerNames(
    ctx,
    rows.map((r) => r.customer_id),
  );
  return rows.map((r) => ({
    customerId: r.customer_id,
    name: names.get(r.customer_id) ?? null,
    arm: r.arm,
    channel: r.channel,
    status: r.status,
    reason: r.reason,
    offerCode: r.offer_code,
    plannedFor: r.planned_for,
  }));
}
