import { z } from 'zod';
import { text } from '../../../kernel/validation.ts';
import { MAX_HOLDOUT_SHARE } from '../uplift/programs.ts';
import { campaignKinds, campaignStatuses } from './tables.ts';

/** Timeline kinds a campaign can wait for (a typo would wait forever, so the list is closed). */
export const TRIGGER_EVENT_KINDS = [
  'purchase',
  'refund',
  'signup',
  'call',
  'email',
  'chat',
  'visit',
  'meeting',
  'ticket',
] as const;
const MAX_DELAY_MINUTES = 365 * 24 * 60;

const hhmm = text(5).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'times are HH:MM (00:00–23:59)');

export const scheduleInput = z.discriminatedUnion('every', [
  z
    .object({
      every: z.literal('month'),
      day: z.number().int().min(1).max(28).describe('day of the month (1–28: every month has it)'),
      at: hhmm.describe('local time, inside the send window'),
    })
    .strict(),
  z
    .object({
      every: z.literal('week'),
      weekday: z.number().int().min(1).max(7).describe('ISO weekday, 1 = Monday'),
      at: hhmm.describe('local time, inside the send window'),
    })
    .strict(),
]);
export type Schedule = z.infer<typeof scheduleInput>;
const delayMinutes = z
  .number()
  .int()
  .min(0)
  .max(MAX_DELAY_MINUTES, 'delayMinutes: at most 365 days (525600 minutes)')
  .describe('minutes after the trigger (0 to 365 days)');
export const triggerInput = z.discriminatedUnion('on', [
  z
    .object({
      on: z.literal('event'),
      eventKind: z.enum(TRIGGER_EVENT_KINDS, {
        message: `eventKind: unknown event kind; one of ${TRIGGER_EVENT_KINDS.join(', ')}`,
      }),
      firstOnly: z.boolean().default(false).describe("only the customer's first such event"),
      delayMinutes,
    })
    .strict(),
  z.object({ on: z.literal('segment'), delayMinutes }).strict(),
]);
export type Trigger = z.infer<typeof triggerInput>;

export const campaignInput = z
  .object({
    kind: z.enum(campaignKinds).default('one-off'),
    schedule: scheduleInput.optional().describe('recurring campaigns only'),
    trigger: triggerInput.optional().describe('triggered campaigns only'),
    name: text(120).trim().min(1, 'a campaign needs a name'),
    segmentId: z.string().uuid(),
    purpose: text(40)
      .regex(/^[a-z][a-z0-9-]*$/, 'a purpose is a lower-case word such as newsletter')
      .default('newsletter'),
    subject: text(300).min(1, 'a campaign needs a subject'),
    body: text(50_000).min(1, 'a campaign needs a body'),
    sendWindow: z.object({ start: hhmm, end: hhmm }).strict().default({ start: '09:00', end: '17:00' }),
    holdoutShare: z.number().min(0).max(MAX_HOLDOUT_SHARE).default(0.1),
  })
  .strict()
  .superRefine((c, ctx) => {
    const need = (field: 'schedule' | 'trigger', wanted: boolean) => {
      if (wanted && !c[field])
        ctx.addIssue({ code: 'custom', path: [field], message: `a ${c.kind} campaign needs a ${field}` });
      if (!wanted && c[field])
        ctx.addIssue({ code: 'custom', path: [field], message: `a ${c.kind} campaign has no ${field}` });
    };
    need('schedule', c.kind === 'recurring');
    need('trigger', c.kind === 'triggered');
  });
export type CampaignInput = z.infer<typeof campaignInput>;

export const campaignView = z.object({
  id: z.string(),
  kind: z.enum(campaignKinds),
  schedule: scheduleInput.nullable(),
  trigger: triggerInput.nullable(),
  name: z.string(),
  segmentId: z.string(),
  purpose: z.string(),
  subject: z.string(),
  body: z.string(),
  sendWindow: z.object({ start: z.string(), end: z.string() }),
  programId: z.string(),
  holdoutShare: z.number(),
  status: z.enum(campaignStatuses),
  createdAt: z.date(),
  launchedAt: z.date().nullable(),
});
export type CampaignView = z.infer<typeof campaignView>;

export const campaignResults = z.object({
  eligible: z.number().describe('segment members at launch'),
  heldOut: z.number().describe('held out or in the global control: recorded, not sent'),
  pending: z.number(),
  sent: z.number(),
  skipped: z
    .record(z.string(), z.number())
    .describe('skipped sends by the code of the rule that stopped them'),
  failed: z.number(),
  clicks: z.number(),
  clickers: z.number().describe('distinct customers who clicked'),
  unsubscribes: z
    .number()
    .describe("recipients who refused the campaign's purpose by email since it was sent"),
});
export type CampaignResults = z.infer<typeof campaignResults>;

export const runView = z.object({
  id: z.string(),
  occurrence: z.string().describe("'once', a recurring occurrence's date, or 'trigger'"),
  status: z.enum(['launching', 'sending', 'done']),
  startedAt: z.date(),
  results: campaignResults,
});
export type RunView = z.infer<typeof runView>;
