import { z } from 'zod';
import { text } from '../../../kernel/validation.ts';

export const ruleInput = z.object({
  name: text(120).pipe(z.string().min(1)),
  position: z.number().int().min(0).max(100_000).optional(),
  countries: z
    .array(z.string().regex(/^[A-Za-z]{2}$/, 'a two-letter country code (ISO 3166-1)'))
    .max(250)
    .default([]),
  languages: z
    .array(z.string().regex(/^[A-Za-z]{2,3}$/, 'a language code (ISO 639, e.g. "de")'))
    .max(200)
    .default([]),
  segmentId: z.string().uuid().nullable().default(null),
  teamId: z.string().uuid().nullable().default(null),
  staffIds: z.array(z.string().uuid()).max(200).default([]),
  tierIds: z.array(z.string().uuid()).max(50).default([]).describe('loyalty tiers (any of them); empty: any'),
  active: z.boolean().default(true),
});

export const ruleView = z.object({
  id: z.string().uuid(),
  position: z.number(),
  name: z.string(),
  countries: z.array(z.string()),
  languages: z.array(z.string()),
  segmentId: z.string().uuid().nullable(),
  teamId: z.string().uuid().nullable(),
  staffIds: z.array(z.string().uuid()),
  tierIds: z.array(z.string().uuid()),
  active: z.boolean(),
});

export const rebalanceRequest = z.object({
  fromStaffId: z.string().uuid(),
  toStaffIds: z.array(z.string().uuid()).min(1).max(200),
  count: z.number().int().min(1).max(5000).optional(),
});

export const loadView = z.object({ staffId: z.string().uuid(), count: z.number(), clvMinor: z.number() });
export const moveView = z.object({
  customerId: z.string().uuid(),
  toStaffId: z.string().uuid(),
  clvMinor: z.number(),
});

export const rebalanceApply = z.object({
  fromStaffId: z.string().uuid(),
  moves: z
    .array(z.object({ customerId: z.string().uuid(), toStaffId: z.string().uuid() }))
    .min(1)
    .max(5000),
  note: text(2000).optional(),
  introEmail: z
    .object({ subject: text(300).pipe(z.string().min(1)), body: text(20_000).pipe(z.string().min(1)) })
    .optional()
    .describe('an introduction email from the new rep to each moved customer (Liquid, as campaigns)'),
});
