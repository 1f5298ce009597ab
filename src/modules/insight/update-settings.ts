import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { getInsightSettings, type InsightSettings, insightSettings } from './get-settings.ts';

/** Merges a partial update into the stored settings (validated as a whole) and returns the result. */
export async function updateInsightSettings(
  ctx: Pick<Ctx, 'db'>,
  patch: Partial<InsightSettings>,
): Promise<InsightSettings> {
  const current = await getInsightSettings(ctx);
  const next = insightSettings.parse({ ...current, ...patch });
  // A rate for the insight currency itself would contradict it (it is 1 by definition).
  if (next.fxRates[next.currency] !== undefined) {
    throw new AppError(
      'bad_request',
      `fxRates has a rate for ${next.currency}, the insight currency itself; remove it (1 ${next.currency} is 1 ${next.currency}).`,
    );
  }
  await ctx.db
    .insertInto('insight_settings')
    .values({ id: 1, settings: JSON.stringify(next) })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({ settings: JSON.stringify(next), updated_at: new Date() }),
    )
    .execute();
  return next;
}
