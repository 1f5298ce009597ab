import { z } from 'zod';
import { text } from '../../../kernel/validation.ts';

export const referralView = z.object({
  id: z.number(),
  code: z.string(),
  referrerId: z.string().nullable(),
  referredId: z.string(),
  status: z.enum(['accepted', 'refused']),
  reason: z.string().nullable(),
  source: z.string(),
  sourceRef: z.string().nullable(),
  recordedAt: z.date(),
  firstPurchaseAt: z.date().nullable(),
  creditedAt: z.date().nullable(),
  referrerPoints: z.number().nullable(),
  refereePoints: z.number().nullable(),
});
const named = referralView.extend({
  referrerName: z.string().nullable(),
  referredName: z.string().nullable(),
});

export const customerReferrals = z.object({
  customerId: z.string(),
  code: z.string(),
  link: z.string(),
  referredBy: named.nullable(),
  referred: z.array(named),
});

export const newReferral = z
  .object({
    code: text(64).min(1),
    customerId: z.string().uuid().optional(),
    externalId: text(200).min(1).optional(),
    idSource: text(100).min(1).optional(),
    email: z.string().email().max(320).optional(),
  })
  .refine(
    (b) => [b.customerId, b.externalId, b.email].filter((x) => x !== undefined).length === 1,
    'name the referred customer by exactly one of customerId, externalId or email',
  );

export const referralSettings = z.object({
  referrerPoints: z.number().int().min(0).max(1_000_000),
  refereePoints: z.number().int().min(0).max(1_000_000),
});

const point = z.object({
  time: z.number(),
  atRisk: z.number(),
  events: z.number(),
  censored: z.number(),
  survival: z.number(),
  standardError: z.number(),
  lower: z.number(),
  upper: z.number(),
});
export const referralReport = z.object({
  through: z.string(),
  unit: z.literal('month'),
  definition: z.object({ basis: z.string(), lapseDays: z.number(), label: z.string() }),
  currency: z.string().nullable(),
  groups: z.array(
    z.object({
      group: z.string(),
      customers: z.number(),
      left: z.number(),
      curve: z.object({
        subjects: z.number(),
        events: z.number(),
        points: z.array(point),
        median: z.number().nullable(),
        medianInterval: z.object({ lower: z.number().nullable(), upper: z.number().nullable() }),
      }),
      at: z.array(z.object({ months: z.number(), survival: z.number().nullable() })),
      scored: z.number(),
      meanPAlive: z.number().nullable(),
      clvScored: z.number(),
      meanClvMinor: z.number().nullable(),
    }),
  ),
  logRank: z.object({ statistic: z.number(), df: z.number(), pValue: z.number() }).nullable(),
  referrals: z.object({ accepted: z.number(), purchased: z.number() }),
  verdict: z.string(),
});
