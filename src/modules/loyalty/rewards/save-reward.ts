import type { Ctx } from '../../../kernel/context.ts';
import { recordAuditBy } from '../../staff/index.ts';
import { getReward } from './list-rewards.ts';
import type { RewardInput, RewardPatch, RewardView } from './schemas.ts';

type AuditBy = Parameters<typeof recordAuditBy>[1];

/** Adds a reward to the catalogue (audited in the same transaction). */
export async function createReward(ctx: Pick<Ctx, 'db'>, r: RewardInput, by: AuditBy): Promise<RewardView> {
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('loyalty_reward')
      .values({
        name: r.name,
        description: r.description ?? null,
        kind: r.kind,
        points: r.points,
        code_source: r.codeSource,
        code_prefix: r.codePrefix ?? null,
        partner_name: r.partnerName ?? null,
        partner_terms: r.partnerTerms ?? null,
        stock: r.stock ?? null,
        active: r.active,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAuditBy(trx, by, { action: 'loyalty.reward.create', target: row.id, details: { ...r } });
    return row.id;
  });
  return getReward(ctx, id);
}

/**
 * Changes what can change without rewriting history: wording, price, stock, active. Kind and
 * code source stay (codes already given were made by them); past redemptions keep their points.
 */
export async function updateReward(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  id: string,
  p: RewardPatch,
  by: AuditBy,
): Promise<RewardView> {
  await getReward(ctx, id);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('loyalty_reward')
      .set({
        ...(p.name !== undefined && { name: p.name }),
        ...(p.description !== undefined && { description: p.description }),
        ...(p.points !== undefined && { points: p.points }),
        ...(p.partnerTerms !== undefined && { partner_terms: p.partnerTerms }),
        ...(p.stock !== undefined && { stock: p.stock }),
        ...(p.active !== undefined && { active: p.active }),
        updated_at: ctx.clock.now(),
      })
      .where('id', '=', id)
      .execute();
    await recordAuditBy(trx, by, { action: 'loyalty.reward.update', target: id, details: { ...p } });
  });
  return getReward(ctx, id);
}
