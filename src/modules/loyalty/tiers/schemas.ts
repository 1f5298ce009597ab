import { z } from 'zod';
import { instant, text } from '../../../kernel/validation.ts';

export const tierInput = z
  .object({
    name: text(60).refine((s) => s.trim().length > 0, 'must not be empty'),
    rank: z.number().int().min(1).max(100),
    criterion: z.enum(['spend', 'points', 'tenure']),
    /** Minor units of `currency` (spend), points, or days (tenure). */
    threshold: z.number().int().min(0).max(1e12),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'a three-letter ISO code')
      .nullable()
      .default(null),
    windowDays: z.number().int().min(1).max(3650).default(365),
    downgrade: z.enum(['never', 'yearly', 'grace']).default('grace'),
    graceDays: z.number().int().min(0).max(3650).default(30),
    earnMultiplier: z.number().min(1).max(10).default(1),
    casePriority: z.number().int().min(1).max(4).nullable().default(null),
    firstResponseMinutes: z.number().int().min(1).max(525_600).nullable().default(null),
    resolutionMinutes: z.number().int().min(1).max(525_600).nullable().default(null),
    dedicatedRep: z.boolean().default(false),
    repStaffIds: z.array(z.string().uuid()).max(200).default([]),
    callListFirst: z.boolean().default(false),
    /** Liquid templates of the email to customers who move into this tier; null: no email. */
    emailSubject: text(300).nullable().default(null),
    emailBody: text(20_000).nullable().default(null),
  })
  .superRefine((t, c) => {
    if ((t.emailSubject === null) !== (t.emailBody === null))
      c.addIssue({
        code: 'custom',
        path: ['emailBody'],
        message: 'an email needs both a subject and a body',
      });
    if ((t.criterion === 'spend') !== (t.currency !== null))
      c.addIssue({ code: 'custom', path: ['currency'], message: 'spend tiers need a currency; others none' });
    if (t.dedicatedRep && t.repStaffIds.length === 0)
      c.addIssue({
        code: 'custom',
        path: ['repStaffIds'],
        message: 'a dedicated rep needs at least one staff member',
      });
  });
export type TierInput = z.infer<typeof tierInput>;

export const tierView = z.object({
  id: z.string().uuid(),
  name: z.string(),
  rank: z.number(),
  criterion: z.enum(['spend', 'points', 'tenure']),
  threshold: z.number(),
  currency: z.string().nullable(),
  windowDays: z.number(),
  downgrade: z.enum(['never', 'yearly', 'grace']),
  graceDays: z.number(),
  earnMultiplier: z.number(),
  casePriority: z.number().nullable(),
  firstResponseMinutes: z.number().nullable(),
  resolutionMinutes: z.number().nullable(),
  dedicatedRep: z.boolean(),
  repStaffIds: z.array(z.string()),
  callListFirst: z.boolean(),
  emailSubject: z.string().nullable(),
  emailBody: z.string().nullable(),
});
export type TierView = z.infer<typeof tierView>;

export const overrideInput = z.object({
  tierId: z.string().uuid().nullable(),
  until: instant(),
  reason: text(500).refine((s) => s.trim().length >= 3, 'say why (3 characters at least)'),
});

export const dashboardView = z.object({
  asOf: z.date(),
  currency: z.string(),
  retentionDays: z.number(),
  tiers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      rank: z.number(),
      criterion: z.enum(['spend', 'points', 'tenure']),
      currency: z.string().nullable(),
      threshold: z.number(),
      members: z.number(),
      /** Net spend of today's members in the last 365 days, minor units of `currency`. */
      revenue365: z.number(),
      /** Members `retentionDays` ago, and how many of them were active in the last 30 days. */
      retention: z.object({ members: z.number(), retained: z.number(), share: z.number().nullable() }),
      /** Customers at 80% or more of this tier's threshold who are below it. */
      close: z.number(),
    }),
  ),
  months: z.array(z.object({ month: z.string(), up: z.number(), down: z.number() })),
  close: z.array(
    z.object({
      customerId: z.string(),
      name: z.string().nullable(),
      tierId: z.string(),
      tierName: z.string(),
      value: z.number(),
      threshold: z.number(),
    }),
  ),
});
