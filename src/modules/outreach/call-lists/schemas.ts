import { z } from 'zod';
import { text } from '../../../kernel/validation.ts';
import { checkInChannels, itemStatuses } from './tables.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time HH:MM');
export const MAX_CAP_PER_REP = 200;

export const callListInput = z
  .object({
    name: text(120).trim().min(1),
    segmentId: z.string().uuid(),
    capPerRep: z.number().int().min(1).max(MAX_CAP_PER_REP).describe('calls per rep per day, 1–200'),
    holdoutShare: z.number().min(0).max(0.5).optional().describe('share held out, 0–0.5 (default 0.1)'),
    fallbackRepId: z.string().uuid().nullable().optional().describe('who gets unowned customers'),
    callFrom: hhmm.optional().describe("calling hours in the customer's zone, default 09:00–17:00"),
    callTo: hhmm.optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine((v) => (v.callFrom ?? '09:00') < (v.callTo ?? '17:00'), {
    message: 'callFrom must be before callTo',
    path: ['callTo'],
  });
export type CallListInput = z.infer<typeof callListInput>;

export const callListView = z.object({
  id: z.string(),
  name: z.string(),
  segmentId: z.string(),
  capPerRep: z.number(),
  holdoutShare: z.number(),
  fallbackRepId: z.string().nullable(),
  callFrom: z.string(),
  callTo: z.string(),
  active: z.boolean(),
  updatedAt: z.string(),
});
export type CallListView = z.infer<typeof callListView>;

export const buildSummaryView = z.object({
  day: z.string(),
  members: z.number(),
  calls: z.number(),
  instead: z.number(),
  heldOut: z.number(),
  noChannel: z.number(),
  overCap: z.number(),
  alreadyBuilt: z.boolean(),
});

export const callItemView = z.object({
  id: z.string(),
  callListId: z.string(),
  listName: z.string(),
  day: z.string(),
  customerId: z.string(),
  customerName: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  repId: z.string().nullable(),
  channel: z.enum(checkInChannels).nullable(),
  rank: z.number(),
  why: z.string(),
  insteadReason: z.string().nullable(),
  timeZone: z.string(),
  localTimeNow: z.string(),
  dueFrom: z.string().nullable(),
  dueTo: z.string().nullable(),
  status: z.enum(itemStatuses),
  outcome: z.string().nullable(),
  skipReason: z.string().nullable(),
  completedAt: z.string().nullable(),
});
export type CallItemView = z.infer<typeof callItemView>;
