import { z } from 'zod';
import { text } from '../../../kernel/validation.ts';

export const ruleBody = z.object({
  name: text(100).trim().min(1),
  condition: text(2000).describe("CEL, e.g. tier == 'Gold' (true or false)"),
  points: text(2000).describe('CEL giving a whole number, e.g. int(amount)'),
  enabled: z.boolean().default(true),
});
export const ruleView = ruleBody.extend({ id: z.string().uuid(), createdAt: z.date(), updatedAt: z.date() });
export const settings = z.object({
  pendingDays: z.number().int().min(0).max(365),
  expiry: z.enum(['none', 'fixed', 'inactivity']),
  expiryMonths: z.number().int().min(1).max(120),
});

/** What a dry run of earn rules answers (dry-run-earn-rules.ts). */
export const dryRunResult = z.object({
  from: z.date(),
  to: z.date(),
  purchasesScanned: z.number(),
  truncated: z.boolean(),
  purchasesEarning: z.number(),
  customers: z.number(),
  points: z.number(),
  rules: z.array(
    z.object({
      name: z.string(),
      points: z.number(),
      purchases: z.number(),
      errors: z.number(),
      firstError: z.string().nullable(),
    }),
  ),
  topCustomers: z.array(
    z.object({ customerId: z.string().uuid(), points: z.number(), purchases: z.number() }),
  ),
  sample: z.array(
    z.object({
      customerId: z.string().uuid(),
      occurredAt: z.date(),
      amountMinor: z.number().nullable(),
      currency: z.string().nullable(),
      points: z.number(),
      rules: z.array(z.object({ name: z.string(), points: z.number() })),
    }),
  ),
});
