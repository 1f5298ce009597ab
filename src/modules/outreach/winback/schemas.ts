import { z } from 'zod';
import { text, timeZone } from '../../../kernel/validation.ts';
import { MAX_HOLDOUT_SHARE } from '../uplift/programs.ts';
import { winbackChannels, winbackStatuses } from './tables.ts';

const hhmm = text(5).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'times are HH:MM (00:00–23:59)');

export const winbackSettingsInput = z
  .object({
    pAliveBelow: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .default(0.3)
      .describe('customers whose P(alive) is below this are lapsed; null leaves P(alive) out'),
    includeLapsed: z.boolean().default(true).describe('customers whose status is lapsed'),
    segmentId: z
      .string()
      .uuid()
      .nullable()
      .default(null)
      .describe('a saved segment to target instead of P(alive) and status'),
    offerId: z.string().uuid().nullable().default(null).describe('the offer each contacted customer gets'),
    subject: text(300).min(1, 'a win-back email needs a subject'),
    body: text(50_000).min(1, 'a win-back email needs a body'),
    sendWindow: z.object({ start: hhmm, end: hhmm }).strict().default({ start: '09:00', end: '17:00' }),
    defaultTimeZone: timeZone.default('UTC').describe('the zone of customers whose profile has none'),
    reactivationDays: z.number().int().min(1).max(365).default(30),
    cooldownDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(90)
      .describe('a customer in a run is not picked again for this many days'),
    holdoutShare: z.number().min(0).max(MAX_HOLDOUT_SHARE).default(0.1),
    active: z.boolean().default(false).describe('the daily run contacts customers only when active'),
  })
  .strict();
export type WinbackSettingsInput = z.infer<typeof winbackSettingsInput>;

export const winbackSettingsView = winbackSettingsInput.extend({
  programId: z.string(),
  updatedAt: z.date(),
});
export type WinbackSettings = z.infer<typeof winbackSettingsView>;

export const winbackRunInput = z
  .object({
    dryRun: z.boolean().default(false).describe('plan only: who would be contacted, how, and who not'),
    limit: z.number().int().min(1).max(5000).default(1000).describe('customers per run at most'),
  })
  .strict();

export const winbackPlanItem = z.object({
  customerId: z.string(),
  name: z.string().nullable(),
  arm: z.enum(['treated', 'held-out', 'global-control']),
  channel: z.enum(winbackChannels).nullable(),
  status: z.enum(winbackStatuses),
  reason: z.string().nullable().describe('why this channel, or why no channel: the rules that refused'),
  offerCode: z.string().nullable(),
  plannedFor: z.date().nullable(),
});
export type WinbackPlanItem = z.infer<typeof winbackPlanItem>;

export const winbackResults = z.object({
  eligible: z.number(),
  contacted: z.number().describe('emails sent and tasks created'),
  pending: z.number(),
  heldOut: z.number(),
  noChannel: z.number(),
  skipped: z.number(),
  reactivated: z.object({ treated: z.number(), heldOut: z.number() }),
  revenueMinor: z.object({ treated: z.number(), heldOut: z.number() }),
  reactivationRate: z.object({ treated: z.number().nullable(), heldOut: z.number().nullable() }),
});
export type WinbackResults = z.infer<typeof winbackResults>;

export const winbackRunView = z.object({
  id: z.string().nullable().describe('null for a dry run, which stores nothing'),
  dryRun: z.boolean(),
  trigger: z.enum(['schedule', 'manual']),
  startedAt: z.date(),
  reactivationDays: z.number(),
  results: winbackResults,
  items: z.array(winbackPlanItem).describe('the first 200 customers of the run'),
});
export type WinbackRunView = z.infer<typeof winbackRunView>;
