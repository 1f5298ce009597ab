import { z } from 'zod';
import { instant } from '../../../kernel/validation.ts';

const MAX_SPAN_MS = 3 * 366 * 86_400_000;

export const periodQuery = z
  .object({
    from: instant().describe('start of the period (inclusive)'),
    to: instant().describe('end of the period (exclusive)'),
    detail: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true')
      .describe('include the customers, contacts and cases behind each number'),
  })
  .refine((q) => q.to > q.from, { message: 'to must be after from', path: ['to'] })
  .refine((q) => q.to.getTime() - q.from.getTime() <= MAX_SPAN_MS, {
    message: 'a period is at most 3 years',
    path: ['to'],
  });

const metric = z.object({ value: z.number().nullable(), n: z.number() });
const versus = z.object({
  observed: z.number().nullable(),
  expected: z.number().nullable(),
  score: z.number().nullable(),
  n: z.number(),
});
export const cardView = z.object({
  csat: metric,
  nps: metric,
  firstContactResolution: metric,
  saveRate: metric,
  promisesKept: metric,
  retention: versus,
  revenueRetention: versus,
  volume: z.object({ contacts: z.number(), cases: z.number(), promises: z.number(), bookSize: z.number() }),
});
const detailView = z.object({
  responses: z.array(
    z.object({ id: z.string(), customerId: z.string(), type: z.string(), score: z.number(), at: z.date() }),
  ),
  cases: z.array(
    z.object({
      id: z.string(),
      customerId: z.string(),
      title: z.string(),
      outcome: z.string().nullable(),
      fcr: z.boolean(),
      at: z.date(),
    }),
  ),
  promises: z.array(
    z.object({
      id: z.string(),
      customerId: z.string(),
      title: z.string(),
      keptOnTime: z.boolean(),
      dueAt: z.date(),
    }),
  ),
  book: z.array(
    z.object({
      customerId: z.string(),
      expected: z.number().nullable(),
      retained: z.boolean(),
      revenueBefore: z.number(),
      revenueDuring: z.number(),
    }),
  ),
  customerNames: z.record(z.string(), z.string().nullable()),
});
export const scorecardView = z.object({
  from: z.date(),
  to: z.date(),
  previousFrom: z.date(),
  reps: z.array(
    z.object({
      staffId: z.string(),
      name: z.string(),
      card: cardView,
      previous: cardView,
      detail: detailView.optional(),
    }),
  ),
  total: z.object({ card: cardView, previous: cardView }),
});
