import type { Ctx } from '../../../kernel/context.ts';
import { getOffer } from './list-offers.ts';
import type { OfferInput, OfferView } from './schemas.ts';

export async function createOffer(
  ctx: Pick<Ctx, 'db'>,
  input: OfferInput,
  staffId: string | null,
): Promise<OfferView> {
  const { id } = await ctx.db
    .insertInto('offer')
    .values({
      name: input.name,
      description: input.description ?? null,
      code_source: input.codeSource,
      code_prefix: input.codePrefix ?? null,
      min_tenure_days: input.minTenureDays,
      min_spend_minor: input.minSpendMinor,
      currency: input.currency ?? null,
      valid_until: input.validUntil ?? null,
      created_by: staffId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return getOffer(ctx, id);
}

export async function archiveOffer(ctx: Pick<Ctx, 'db'>, id: string): Promise<OfferView> {
  await getOffer(ctx, id);
  await ctx.db.updateTable('offer').set({ status: 'archived' }).where('id', '=', id).execute();
  return getOffer(ctx, id);
}
