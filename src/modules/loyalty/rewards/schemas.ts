import { z } from 'zod';
import { text } from '../../../kernel/validation.ts';

const points = z
  .number()
  .int()
  .min(0)
  .max(10_000_000)
  .describe('what the customer pays in points (whole, ≥ 0)');
const stock = z
  .number()
  .int()
  .min(0)
  .max(100_000_000)
  .nullable()
  .describe('how many are left to give; null: unlimited');

export const rewardInput = z
  .object({
    name: text(200).trim().min(1),
    description: text(2000).nullable().optional(),
    kind: z.enum(['discount', 'gift', 'partner']),
    points,
    codeSource: z
      .enum(['generated', 'pool', 'none'])
      .optional()
      .describe('discount: generated (default) or pool; partner: pool; gift: none'),
    codePrefix: z
      .string()
      .regex(/^[A-Z0-9]{1,12}$/, 'capital letters and digits, at most 12')
      .nullable()
      .optional()
      .describe('generated codes start with it, e.g. TEN → TEN-7KQ2M9XD'),
    partnerName: text(200).trim().min(1).nullable().optional(),
    partnerTerms: text(4000).nullable().optional(),
    stock: stock.optional(),
    active: z.boolean().default(true),
  })
  .transform((r) => ({
    ...r,
    codeSource:
      r.codeSource ?? (r.kind === 'discount' ? 'generated' : r.kind === 'partner' ? 'pool' : 'none'),
  }))
  .refine((r) => r.kind !== 'partner' || r.partnerName, {
    message: 'a partner benefit names its partner',
    path: ['partnerName'],
  })
  .refine((r) => r.kind === 'partner' || !r.partnerName, {
    message: 'only partner benefits have a partner',
    path: ['partnerName'],
  })
  .refine(
    (r) =>
      (r.kind === 'discount' && r.codeSource !== 'none') ||
      (r.kind === 'partner' && r.codeSource === 'pool') ||
      (r.kind === 'gift' && r.codeSource === 'none'),
    {
      message: 'discounts take generated or pool codes, partner benefits pool codes, gifts no code',
      path: ['codeSource'],
    },
  )
  .refine((r) => r.codeSource === 'generated' || !r.codePrefix, {
    message: 'a prefix is for generated codes only',
    path: ['codePrefix'],
  });
export type RewardInput = z.infer<typeof rewardInput>;

export const rewardPatch = z.object({
  name: text(200).trim().min(1).optional(),
  description: text(2000).nullable().optional(),
  points: points.optional(),
  partnerTerms: text(4000).nullable().optional(),
  stock: stock.optional(),
  active: z.boolean().optional(),
});
export type RewardPatch = z.infer<typeof rewardPatch>;

export const rewardView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  kind: z.enum(['discount', 'gift', 'partner']),
  points: z.number(),
  codeSource: z.enum(['generated', 'pool', 'none']),
  codePrefix: z.string().nullable(),
  partnerName: z.string().nullable(),
  partnerTerms: z.string().nullable(),
  stock: z.number().nullable(),
  active: z.boolean(),
  /** Pool rewards: uploaded codes not yet taken (null for other rewards). */
  freeCodes: z.number().nullable(),
  redeemed: z.number(),
  used: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type RewardView = z.infer<typeof rewardView>;

export const redemptionView = z.object({
  id: z.number(),
  rewardId: z.string(),
  rewardName: z.string(),
  kind: z.enum(['discount', 'gift', 'partner']),
  customerId: z.string(),
  key: z.string(),
  points: z.number(),
  code: z.string().nullable(),
  channel: z.enum(['staff', 'public', 'gift']),
  staffId: z.string().nullable(),
  sourceKind: z.enum(['case', 'call']).nullable(),
  sourceRef: z.string().nullable(),
  note: z.string().nullable(),
  partnerName: z.string().nullable(),
  partnerTerms: z.string().nullable(),
  createdAt: z.date(),
  usedAt: z.date().nullable(),
});
export type RedemptionView = z.infer<typeof redemptionView>;
