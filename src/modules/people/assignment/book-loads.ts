import type { Ctx } from '../../../kernel/context.ts';
import { scoresAsOf } from '../../insight/index.ts';
import type { Load } from './plan-assignment.ts';

/** Each rep's current book (open ownership periods) by count and CLV as scored now (insight's export). */
export async function bookLoads(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  staffIds: string[],
): Promise<Map<string, Load>> {
  const loads = new Map<string, Load>(staffIds.map((s) => [s, { staffId: s, count: 0, clvMinor: 0 }]));
  if (!staffIds.length) return loads;
  const rows = await ctx.db
    .selectFrom('people_ownership')
    .select(['customer_id', 'owner_id'])
    .where('owner_id', 'in', staffIds)
    .where('valid_to', 'is', null)
    .execute();
  const clv = await clvOf(
    ctx,
    rows.map((r) => r.customer_id),
  );
  for (const r of rows) {
    const l = loads.get(r.owner_id) as Load;
    l.count += 1;
    l.clvMinor += clv.get(r.customer_id) ?? 0;
  }
  return loads;
}

/** CLV per customer as scored now (0 when never scored). */
export async function clvOf(ctx: Pick<Ctx, 'db' | 'clock'>, ids: string[]): Promise<Map<string, number>> {
  const scores = await scoresAsOf(ctx, ids, ctx.clock.now());
  return new Map([...scores].map(([id, s]) => [id, Math.max(0, s.clvMinor ?? 0)]));
}
