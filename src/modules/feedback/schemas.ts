import { z } from 'zod';
import { text } from '../../kernel/validation.ts';
import { channels } from '../customers/tables.ts';
import { responseVias, sendChannels, sendStatuses, surveyStatuses } from './tables.ts';

export const questionTypes = ['nps', 'csat', 'ces', 'single', 'multiple', 'text'] as const;
export type QuestionType = (typeof questionTypes)[number];
export const scoreTypes = ['nps', 'csat', 'ces'] as const;
export type ScoreType = (typeof scoreTypes)[number];
export const isScoreType = (t: string): t is ScoreType => (scoreTypes as readonly string[]).includes(t);

/** The scale of each score type, and what counts as a low score (the closed loop's red flags). */
export const scales: Record<
  ScoreType,
  { min: number; max: number; low: number; minLabel: string; maxLabel: string }
> = {
  nps: { min: 0, max: 10, low: 6, minLabel: 'Not at all likely', maxLabel: 'Extremely likely' },
  csat: { min: 1, max: 5, low: 2, minLabel: 'Very dissatisfied', maxLabel: 'Very satisfied' },
  // CES 2.0: "The company made it easy for me…", 1 = strongly disagree, 7 = strongly agree.
  ces: { min: 1, max: 7, low: 3, minLabel: 'Strongly disagree', maxLabel: 'Strongly agree' },
};

const questionId = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be 1-40 lower-case letters, digits, "_" or "-"');
const option = z.object({
  value: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be 1-40 lower-case letters, digits, "_" or "-"'),
  label: text(200).trim().min(1),
});
const followUp = z.object({
  min: z.number().int().min(0).max(10),
  max: z.number().int().min(0).max(10),
  text: text(500).trim().min(1),
});

export const question = z
  .object({
    id: questionId,
    type: z.enum(questionTypes),
    text: text(500).trim().min(1),
    required: z.boolean().optional(),
    options: z.array(option).min(2).max(20).optional(),
    /** Score questions: the follow-up prompt per score band ("What could we have done better?" for 0–6). */
    followUps: z.array(followUp).max(5).optional(),
  })
  .superRefine((q, c) => {
    const choice = q.type === 'single' || q.type === 'multiple';
    if (choice && !q.options)
      c.addIssue({ code: 'custom', message: `a ${q.type} question needs options`, path: ['options'] });
    if (!choice && q.options)
      c.addIssue({ code: 'custom', message: 'only choice questions have options', path: ['options'] });
    if (q.followUps && !isScoreType(q.type)) {
      c.addIssue({ code: 'custom', message: 'only score questions have follow-ups', path: ['followUps'] });
    }
    if (q.followUps && isScoreType(q.type)) {
      const s = scales[q.type];
      q.followUps.forEach((f, i) => {
        if (f.min > f.max || f.min < s.min || f.max > s.max) {
          c.addIssue({
            code: 'custom',
            message: `band must lie within ${s.min}–${s.max}`,
            path: ['followUps', i],
          });
        }
      });
    }
    if (q.options && new Set(q.options.map((o) => o.value)).size !== q.options.length) {
      c.addIssue({ code: 'custom', message: 'option values must be unique', path: ['options'] });
    }
  });
export type Question = z.infer<typeof question>;

/** What a version of a survey says: everything a respondent sees. */
export const surveyContent = z.object({
  title: text(200).trim().min(1),
  intro: text(2000).trim().optional(),
  thanks: text(2000).trim().optional(),
  emailSubject: text(200).trim().min(1).optional(),
  questions: z
    .array(question)
    .min(1)
    .max(20)
    .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, 'question ids must be unique'),
});
export type SurveyContent = z.infer<typeof surveyContent>;

export const incentive = z
  .object({
    points: z.number().int().min(1).max(1_000_000).optional(),
    code: text(100).trim().min(1).optional(),
    description: text(200).trim().optional(),
  })
  .refine((i) => i.points !== undefined || i.code !== undefined, 'give points, a code, or both');

export const surveySettings = z.object({
  name: text(200).trim().min(1),
  incentive: incentive.nullable().optional(),
  reminderAfterDays: z.number().int().min(1).max(60).nullable().optional(),
  linkValidDays: z.number().int().min(1).max(365).optional(),
  anonymousForm: z.boolean().optional(),
  anonymousInScores: z
    .boolean()
    .optional()
    .describe('count anonymous answers in NPS/CSAT/CES (default false: shown apart, not in the score)'),
  anonymousPerAddressHour: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .optional()
    .describe('anonymous answers taken from one network address per hour (default 5)'),
  anonymousPerDay: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .optional()
    .describe('anonymous answers taken in all per 24 hours (default 500)'),
});

export const surveyInput = surveySettings.extend(surveyContent.shape);
export type SurveyInput = z.infer<typeof surveyInput>;
export const surveyPatch = surveyInput.partial();
export type SurveyPatch = z.infer<typeof surveyPatch>;

export const surveyView = surveyContent.extend({
  id: z.string().uuid(),
  name: z.string(),
  status: z.enum(surveyStatuses),
  version: z.number(),
  incentive: incentive.nullable(),
  reminderAfterDays: z.number().nullable(),
  linkValidDays: z.number(),
  anonymousForm: z.boolean(),
  anonymousInScores: z.boolean(),
  anonymousPerAddressHour: z.number(),
  anonymousPerDay: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type SurveyView = z.infer<typeof surveyView>;

/** One answer as the API and the widget send it; the public form is converted to this. */
export const answerInput = z.object({
  questionId,
  score: z.number().int().min(0).max(10).optional(),
  choices: z.array(text(40)).max(20).optional(),
  text: text(5000).optional(),
});
export type AnswerInput = z.infer<typeof answerInput>;
export type Answer = AnswerInput & { type: QuestionType };

export const responseView = z.object({
  id: z.string().uuid(),
  customerId: z.string().uuid().nullable(),
  surveyId: z.string().uuid(),
  surveyVersion: z.number(),
  sendId: z.string().uuid().nullable(),
  channel: z.enum(channels),
  via: z.enum(responseVias),
  staffId: z.string().uuid().nullable(),
  type: z.string(),
  score: z.number().nullable(),
  comment: z.string().nullable(),
  answers: z.array(answerInput.extend({ type: z.enum(questionTypes) })),
  sentiment: z.number().nullable(),
  themes: z.array(z.string()),
  autoThemes: z.array(z.string()),
  caseId: z.string().uuid().nullable(),
  respondedAt: z.date(),
  recordedAt: z.date(),
});
export type ResponseView = z.infer<typeof responseView>;

export const sendView = z.object({
  id: z.string().uuid(),
  customerId: z.string().uuid(),
  surveyId: z.string().uuid(),
  surveyVersion: z.number(),
  channel: z.enum(sendChannels),
  triggerId: z.string().uuid().nullable(),
  caseId: z.string().uuid().nullable(),
  status: z.enum(sendStatuses),
  reason: z.string().nullable(),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
  expiresAt: z.date(),
  remindersSent: z.number(),
  reminderNote: z.string().nullable(),
  answeredAt: z.date().nullable(),
});
export type SendView = z.infer<typeof sendView>;
