import { z } from 'zod';

/** Response and input schemas of the insight routes. */
export const json = z.record(z.string(), z.unknown());
export const component = z.object({
  key: z.string(),
  label: z.string(),
  score: z.number(),
  weight: z.number(),
  detail: z.string(),
});
export const mover = z.object({
  key: z.string(),
  label: z.string(),
  from: z.number().nullable(),
  to: z.number(),
  points: z.number(),
});
const money = z.object({ minor: z.number(), currency: z.string() });
export const customerScoresView = z.object({
  scoredAt: z.date(),
  health: z.number().nullable(),
  components: z.array(component),
  movedBy: z.array(mover),
  history: z.array(z.object({ on: z.string(), health: z.number().nullable() })),
  pAlive: z.number().nullable(),
  expectedPurchases: z.number().nullable(),
  clv: money.nullable(),
  expectedSpendPerPurchase: money.nullable(),
  churnProbability: z.number().nullable(),
  churnDrivers: z.array(z.object({ feature: z.string(), label: z.string(), contribution: z.number() })),
  rfm: z
    .object({ recency: z.number(), frequency: z.number(), monetary: z.number(), segment: z.string() })
    .nullable(),
  purchases: z
    .object({ repeat: z.number(), firstOn: z.string(), lastOn: z.string(), revenueMinor: z.number() })
    .nullable(),
  lapsed: z.boolean(),
  purchaseModel: z.enum(['bg-nbd', 'nbd']).nullable(),
});
export const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
