import { z } from 'zod';

const difference = z.object({
  difference: z.number().describe('treated − held-out (shares as proportions, money in minor units)'),
  low: z.number().describe('95% interval, lower end'),
  high: z.number().describe('95% interval, upper end'),
  pValue: z.number().describe('two-sided'),
  standardError: z.number(),
});
const armMetric = z.object({
  metric: z.string(),
  days: z.number(),
  customers: z.number().describe('customers whose window has passed'),
  value: z.number().nullable(),
});
export const programView = z.object({
  id: z.string().uuid(),
  kind: z.string(),
  key: z.string(),
  name: z.string(),
  holdoutShare: z.number(),
  updatedAt: z.date(),
});
export const programUpliftView = z.object({
  program: programView,
  arms: z.object({
    treated: z.object({ customers: z.number(), metrics: z.array(armMetric) }),
    heldOut: z.object({ customers: z.number(), metrics: z.array(armMetric) }),
    globalControl: z.object({ customers: z.number() }),
  }),
  metrics: z.array(
    z.object({
      metric: z.enum(['retention', 'reactivation', 'revenue']),
      days: z.union([z.literal(30), z.literal(90)]),
      unit: z.enum(['share', 'money']),
      treated: z.object({ customers: z.number(), value: z.number().nullable() }),
      heldOut: z.object({ customers: z.number(), value: z.number().nullable() }),
      difference: difference.nullable(),
      cuped: difference
        .extend({ theta: z.number().describe('cov(Y, pre-period spend) / var(pre-period spend), pooled') })
        .nullable()
        .describe('adjusted for each customer’s pre-period spend (CUPED)'),
      summary: z.string(),
    }),
  ),
});
export const currencyQuery = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .default('USD')
  .describe('revenue is counted in this currency (ISO 4217), default USD');
