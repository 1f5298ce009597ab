import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { text } from '../../kernel/validation.ts';

/** Default health weights. NPS/CSAT and open cases count once the feedback and loop modules register them. */
export const DEFAULT_HEALTH_WEIGHTS: Record<string, number> = {
  recency: 20,
  frequency: 15,
  alive: 20,
  churn: 20,
  spendTrend: 10,
  sentiment: 10,
  feedback: 20,
  cases: 15,
};

export const insightSettings = z.object({
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('USD')
    .describe('currency of spend and CLV'),
  fxRates: z
    .record(
      z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 code such as GBP'),
      z.number().min(1e-6).max(1e6),
    )
    .refine((r) => Object.keys(r).length <= 50, 'at most 50 exchange rates')
    .meta({ maxProperties: 50 })
    .default({})
    .describe(
      'exchange rates into `currency` for purchases recorded in other currencies: {"GBP": 1.27} means 1 GBP = 1.27 of `currency`. ' +
        'A currency without a rate counts purchases but no spend, and the run refuses when most purchases are in such currencies',
    ),
  clvMonths: z.number().int().min(1).max(120).default(12).describe('CLV horizon in calendar months'),
  annualDiscountRate: z.number().min(0).max(1).default(0.1),
  expectedPurchasesDays: z.number().int().min(1).max(3650).default(90),
  holdoutWeeks: z
    .number()
    .int()
    .min(4)
    .max(104)
    .default(26)
    .describe('holdout for the model checks on own data'),
  engagementWindowDays: z.number().int().min(7).max(365).default(90),
  churnHorizonDays: z
    .number()
    .int()
    .min(7)
    .max(365)
    .default(90)
    .describe('churn = churned (or went silent) within this'),
  churnDefinition: z
    .enum(['lapse-or-cancellation', 'cancellation'])
    .default('lapse-or-cancellation')
    .describe(
      'what counts as churn on the dashboards: "lapse-or-cancellation" (shops: the lapse rule, or a recorded cancellation) or "cancellation" (subscriptions: only a recorded cancellation)',
    ),
  lapsedBelowProbabilityAlive: z.number().min(0).max(1).default(0.3),
  lapsedAfterDays: z.number().int().min(1).max(3650).default(180),
  classifierFields: z.array(text(100)).max(50).default([]).describe('custom fields used as churn features'),
  segmentFields: z.array(text(100)).max(10).default([]).describe('custom fields to segment survival by'),
  healthWeights: z
    .record(text(40), z.number().min(0).max(1000))
    .refine((w) => Object.keys(w).length <= 50, 'at most 50 components')
    .meta({ maxProperties: 50 })
    .default(DEFAULT_HEALTH_WEIGHTS),
  healthHistoryDays: z.number().int().min(30).max(3650).default(400),
  fitSampleSize: z.number().int().min(1000).max(5_000_000).default(250_000),
  classifierSampleSize: z.number().int().min(500).max(1_000_000).default(50_000),
  paretoSampleSize: z
    .number()
    .int()
    .min(0)
    .max(100_000)
    .default(5_000)
    .describe('0 skips the Pareto/NBD comparison'),
});
export type InsightSettings = z.infer<typeof insightSettings>;

/** The stored settings over the defaults; unknown or invalid stored keys fall back to defaults. */
export async function getInsightSettings(ctx: Pick<Ctx, 'db'>): Promise<InsightSettings> {
  const row = await ctx.db
    .selectFrom('insight_settings')
    .select('settings')
    .where('id', '=', 1)
    .executeTakeFirst();
  const parsed = insightSettings.safeParse(row?.settings ?? {});
  return parsed.success ? parsed.data : insightSettings.parse({});
}
