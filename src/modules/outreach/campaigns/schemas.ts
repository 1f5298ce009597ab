import { z } from 'zod';
import { text } from '../../../kernel/validation.ts';
import { MAX_HOLDOUT_SHARE } from '../uplift/programs.ts';
import { campaignStatuses } from './tables.ts';

const hhmm = text(5).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'times are HH:MM (00:00–23:59)');

export const campaignInput = z
  .object({
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
  .strict();
export type CampaignInput = z.infer<typeof campaignInput>;

export const campaignView = z.object({
  id: z.string(),
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
