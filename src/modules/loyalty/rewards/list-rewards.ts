import type { Ctx } from '../../../kernel/context.ts';
import { notFound } from '../../../kernel/errors.ts';
import type { RewardView } from './schemas.ts';

const query = (ctx: Pick<Ctx, 'db'>) =>
  ctx.db
    .selectFrom('loyalty_reward as r')
    .selectAll('r')
    .select((eb) => [
      eb
        .selectFrom('loyalty_reward_code as c')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('c.reward_id', '=', 'r.id')
        .where('c.redemption_id', 'is', null)
        .as('free_codes'),
      eb
        .selectFrom('loyalty_redemption as d')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('d.reward_id', '=', 'r.id')
        .as('redeemed'),
      eb
        .selectFrom('loyalty_redemption as d')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('d.reward_id', '=', 'r.id')
        .where('d.used_at', 'is not', null)
        .as('used'),
    ]);

type Row = Awaited<ReturnType<ReturnType<typeof query>['executeTakeFirstOrThrow']>>;

const toView = (r: Row): RewardView => ({
  id: r.id,
  name: r.name,
  description: r.description,
  kind: r.kind,
  points: r.points,
  codeSource: r.code_source,
  codePrefix: r.code_prefix,
  partnerName: r.partner_name,
  partnerTerms: r.partner_terms,
  stock: r.stock,
  active: r.active,
  freeCodes: r.code_source === 'pool' ? Number(r.free_codes ?? 0) : null,
  redeemed: Number(r.redeemed ?? 0),
  used: Number(r.used ?? 0),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The catalogue, active first, cheapest first; with codes left, redemptions and codes used. */
export async function listRewards(
  ctx: Pick<Ctx, 'db'>,
  opts: { activeOnly?: boolean } = {},
): Promise<RewardView[]> {
  let q = query(ctx);
  if (opts.activeOnly) q = q.where('r.active', '=', true);
  const rows = await q.orderBy('r.active', 'desc').orderBy('r.points').orderBy('r.name').limit(500).execute();
  return rows.map(toView);
}

export async function getReward(ctx: Pick<Ctx, 'db'>, id: string): Promise<RewardView> {
  const row = await query(ctx).where('r.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Reward', id);
  return toView(row);
}
