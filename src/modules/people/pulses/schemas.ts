import { z } from 'zod';
import { instant, text } from '../../../kernel/validation.ts';
import { question } from '../../feedback/index.ts';

/** Results of any group with fewer answers than this are never shown (API, CSV, filters). */
export const MIN_GROUP = 5;
export const ENPS_ID = 'enps';

const uuid = z.string().uuid();

export const pulseInput = z.object({
  name: text(200).trim().min(1),
  title: text(200).trim().min(1),
  intro: text(2000).trim().optional(),
  thanks: text(2000).trim().optional(),
  enpsQuestion: text(500).trim().min(1).default('How likely are you to recommend working here to a friend?'),
  questions: z
    .array(question)
    .max(5)
    .default([])
    .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, 'question ids must be unique')
    .refine((qs) => qs.every((q) => q.id !== ENPS_ID), `"${ENPS_ID}" is the eNPS question's id`),
  teamIds: z.array(uuid).max(100).default([]).describe('empty: every active staff member'),
  schedule: z.object({
    firstRoundAt: instant().describe('when the first round opens (not in the past)'),
    repeatEveryDays: z.number().int().min(1).max(366).nullable().default(null),
    roundOpenDays: z.number().int().min(1).max(60).default(7),
  }),
});
export type PulseInput = z.infer<typeof pulseInput>;

export const pulseView = z.object({
  id: uuid,
  name: z.string(),
  title: z.string(),
  intro: z.string().nullable(),
  thanks: z.string().nullable(),
  questions: z.array(z.object({ id: z.string(), type: z.string(), text: z.string() })),
  teamIds: z.array(uuid),
  schedule: z.object({
    firstRoundAt: z.date(),
    repeatEveryDays: z.number().nullable(),
    roundOpenDays: z.number(),
  }),
  nextRoundAt: z.date().nullable(),
  status: z.enum(['active', 'archived']),
  createdAt: z.date(),
});
export type PulseView = z.infer<typeof pulseView>;

export const roundView = z.object({
  id: uuid,
  number: z.number(),
  opensAt: z.date(),
  closesAt: z.date(),
  closed: z.boolean(),
  invited: z.number(),
  answered: z.number(),
});

const questionResult = z.object({
  id: z.string(),
  text: z.string(),
  type: z.string(),
  shown: z.boolean(),
  n: z.number().nullable(),
  average: z.number().nullable(),
});
export const groupResult = z.object({
  shown: z
    .boolean()
    .describe(`false: fewer than ${MIN_GROUP} answers here (or needed to protect such a group)`),
  n: z.number().nullable(),
  enps: z.number().nullable(),
  questions: z.array(questionResult),
  themes: z.array(z.object({ slug: z.string(), count: z.number() })),
});
export type GroupResult = z.infer<typeof groupResult>;

export const roundResult = roundView.extend({
  total: groupResult.nullable(),
  teams: z.array(groupResult.extend({ teamId: uuid.nullable(), teamName: z.string() })),
});
export type RoundResult = z.infer<typeof roundResult>;

export const resultsQuery = z.object({
  roundId: uuid.optional(),
  teamId: uuid.optional(),
  questionId: text(40).optional(),
});
export type ResultsQuery = z.infer<typeof resultsQuery>;

export const resultsView = z.object({
  pulseId: uuid,
  minGroupSize: z.number(),
  rounds: z.array(roundResult),
});
export type PulseResults = z.infer<typeof resultsView>;

export const trendQuery = z.object({
  days: z.coerce.number().int().min(7).max(365).default(30),
});

export const trendView = z.object({
  pulseId: uuid,
  days: z.number(),
  teams: z.array(
    z.object({
      teamId: uuid,
      teamName: z.string(),
      points: z.array(
        z.object({
          roundId: uuid,
          number: z.number(),
          opensAt: z.date(),
          enps: z.number().nullable(),
          enpsShown: z.boolean(),
          csat: z.object({ value: z.number().nullable(), n: z.number() }),
          retention: z.object({
            observed: z.number().nullable(),
            expected: z.number().nullable(),
            score: z.number().nullable(),
            n: z.number(),
          }),
        }),
      ),
    }),
  ),
});
export type PulseTrend = z.infer<typeof trendView>;
