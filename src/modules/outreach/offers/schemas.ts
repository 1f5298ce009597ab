import { z } from 'zod';
import { instant, text } from '../../../kernel/validation.ts';

/** Codes as shops print them: letters, digits, dash and underscore; compared in upper case. */
export const offerCode = text(64)
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9][A-Z0-9_-]{2,63}$/, 'letters, digits, - and _ only, 3 to 64 of them'));

export const offerInput = z
  .object({
    name: text(200).trim().min(1),
    description: text(2000).optional(),
    codeSource: z
      .enum(['pool', 'generated'])
      .describe('pool: codes you upload; generated: a single-use code made for each customer'),
    codePrefix: z
      .string()
      .regex(/^[A-Z0-9]{1,12}$/, 'capital letters and digits, at most 12')
      .optional()
      .describe('generated codes start with it, e.g. THANKS → THANKS-7KQ2M9XD'),
    minTenureDays: z.number().int().min(0).max(36_500).default(0),
    minSpendMinor: z.number().int().min(0).max(1e12).default(0),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional()
      .describe('the currency of minSpendMinor; required when it is above 0'),
    validUntil: instant().optional(),
  })
  .refine((o) => o.minSpendMinor === 0 || o.currency, {
    message: 'give the currency of minSpendMinor',
    path: ['currency'],
  })
  .refine((o) => o.codeSource === 'generated' || !o.codePrefix, {
    message: 'a prefix is for generated codes only',
    path: ['codePrefix'],
  });
export type OfferInput = z.infer<typeof offerInput>;

export const offerView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  codeSource: z.enum(['pool', 'generated']),
  codePrefix: z.string().nullable(),
  minTenureDays: z.number(),
  minSpendMinor: z.number(),
  currency: z.string().nullable(),
  validUntil: z.date().nullable(),
  status: z.enum(['active', 'archived']),
  createdAt: z.date(),
  codes: z.object({ total: z.number(), free: z.number(), assigned: z.number(), redeemed: z.number() }),
});
export type OfferView = z.infer<typeof offerView>;

export const assignmentView = z.object({
  customerId: z.string(),
  assigned: z.boolean(),
  code: z.string().nullable(),
  /** Why no code was given: not long enough a customer, not enough spend, pool empty… */
  reason: z.string().nullable(),
  redeemedAt: z.date().nullable(),
});
export type Assignment = z.infer<typeof assignmentView>;
