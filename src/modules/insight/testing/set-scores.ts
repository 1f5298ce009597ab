import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import { writeScores } from '../scoring/write-scores.ts';

export type TestScore = {
  customerId: string;
  health?: number | null;
  pAlive?: number | null;
  clvMinor?: number | null;
  churnProbability?: number | null;
};

/**
 * Gives customers chosen scores through the scoring run's own writer, for tests of screens and
 * lists that show scores (other modules' tests included) without fitting models on real data.
 */
export async function setTestScores(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  scores: TestScore[],
  opts: { currency?: string } = {},
): Promise<void> {
  const now = ctx.clock.now();
  const today = now.toISOString().slice(0, 10);
  await writeScores(
    ctx,
    { id: uuidv7(), scoredAt: now, scoredOn: today, currency: opts.currency ?? 'EUR' },
    scores.map((s) => ({
      customerId: s.customerId,
      status: 'active',
      firstSeenOn: today,
      churnedOn: null,
      segments: {},
      firstPurchaseOn: null,
      lastPurchaseOn: null,
      frequency: null,
      recencyWeeks: null,
      ageWeeks: null,
      averageSpendMinor: null,
      revenueMinor: 0,
      rfm: null,
      pAlive: s.pAlive ?? null,
      expectedPurchases: null,
      expectedSpendMinor: null,
      clvMinor: s.clvMinor ?? null,
      churnProbability: s.churnProbability ?? null,
      churnDrivers: [],
      health: s.health ?? null,
      components: [],
      lapsed: false,
    })),
  );
}
