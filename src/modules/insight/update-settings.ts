import type { Ctx } from '../../kernel/context.ts';
import { getInsightSettings, type InsightSettings, insightSettings } from './get-settings.ts';

/** Merges a partial update into the stored settings (validated as a whole) and returns the result. */
export async function updateInsightSettings(
  ctx: Pick<Ctx, 'db'>,
  patch: Partial<InsightSettings>,
): Promise<InsightSettings> {
  const current = await getInsightSettings(ctx);
  const next = insightSettings.parse({ ...current, ...patch });
  await ctx.db
    .insertInto('insight_settings')
    .values({ id: 1, settings: JSON.stringify(next) })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({ settings: JSON.stringify(next), updated_at: new Date() }),
    )
    .execute();
  return next;
}
