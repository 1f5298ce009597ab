import { z } from 'zod';
import { instant, text } from '../../../kernel/validation.ts';
import { currency } from '../../customers/schemas.ts';

export const STAGES = ['open', 'qualified', 'won', 'lost'] as const;
export const stage = z.enum(STAGES);

/** A product or category as purchases carry it in their properties (compared case-insensitively). */
const matchKey = text(200).pipe(z.string().trim().min(1)).nullable().default(null);

export const flagInput = z
  .object({
    customerId: z.string().uuid(),
    interactionId: z
      .number()
      .int()
      .min(1)
      .max(Number.MAX_SAFE_INTEGER)
      .nullable()
      .default(null)
      .describe('the call (touchpoint on the timeline) that found it'),
    caseId: z.string().uuid().nullable().default(null).describe('the case that found it'),
    interest: text(500).pipe(z.string().trim().min(1)).describe('what the customer is interested in'),
    product: matchKey.describe(
      'only a purchase carrying this product (properties.product, productId or sku) converts it',
    ),
    category: matchKey.describe('only a purchase of this category (properties.category) converts it'),
    valueMinor: z.number().int().min(0).max(1e13).describe('estimated value in minor units'),
    currency,
    windowDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .default(90)
      .describe('days after flagging a purchase may convert it'),
    repId: z
      .string()
      .uuid()
      .optional()
      .describe('the rep credited (default: the signed-in staff member; required for API keys)'),
  })
  .refine((o) => o.interactionId !== null || o.caseId !== null, {
    message: 'name the contact that found it: interactionId (a call) or caseId',
    path: ['interactionId'],
  });

export const moveInput = z.object({
  stage: z.enum(['open', 'qualified', 'lost']).describe('won is set only by a matching purchase'),
  note: text(2000).optional(),
});

export const listQuery = z.object({
  stage: stage.optional(),
  repId: z.string().uuid().optional(),
  customerId: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const reportQuery = z
  .object({
    from: instant().describe('start of the period (inclusive), by conversion time'),
    to: instant().describe('end of the period (exclusive)'),
    teamId: z.string().uuid().optional(),
    repId: z.string().uuid().optional().describe('drill down: the won opportunities of one rep'),
  })
  .refine((q) => q.to > q.from, { message: 'to must be after from', path: ['to'] })
  .refine((q) => q.to.getTime() - q.from.getTime() <= 3 * 366 * 86_400_000, {
    message: 'a period is at most 3 years',
    path: ['to'],
  });

export const opportunityView = z.object({
  id: z.string().uuid(),
  customerId: z.string().uuid(),
  customerName: z.string().nullable(),
  interactionId: z.number().nullable(),
  caseId: z.string().uuid().nullable(),
  repId: z.string().uuid(),
  interest: z.string(),
  product: z.string().nullable(),
  category: z.string().nullable(),
  valueMinor: z.number(),
  currency: z.string(),
  windowDays: z.number(),
  stage,
  flaggedAt: z.date(),
  stageAt: z.date(),
  windowEndsAt: z.date(),
  won: z
    .object({ interactionId: z.number(), at: z.date(), amountMinor: z.number(), currency: z.string() })
    .nullable(),
});

export const historyView = z.object({
  fromStage: stage.nullable(),
  toStage: stage,
  at: z.date(),
  staffId: z.string().uuid().nullable(),
  note: z.string().nullable(),
});

const money = z.object({ currency: z.string(), minor: z.number() });
const tally = z.object({ flagged: z.number(), won: z.number(), lost: z.number(), revenue: z.array(money) });
export const reportView = z.object({
  from: z.date(),
  to: z.date(),
  total: tally,
  reps: z.array(
    tally.extend({ repId: z.string().uuid(), name: z.string(), teamId: z.string().uuid().nullable() }),
  ),
  teams: z.array(tally.extend({ teamId: z.string().uuid().nullable(), name: z.string() })),
  won: z
    .array(opportunityView)
    .describe('drill-down: the won opportunities behind the revenue (with repId, up to 500)'),
});
