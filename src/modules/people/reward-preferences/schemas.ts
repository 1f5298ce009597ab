import { z } from 'zod';
import { text } from '../../../kernel/validation.ts';
import { CUSTOMER_REWARDS, MAX_CHOICES, STAFF_RECOGNITION } from './options.ts';

const unique = (xs: string[]) => new Set(xs).size === xs.length;

export const staffPreferenceInput = z
  .object({
    choices: z
      .array(z.enum(STAFF_RECOGNITION))
      .min(1)
      .max(MAX_CHOICES)
      .refine(unique, 'each choice once')
      .describe('the recognition you value most, first'),
  })
  .strict();

export const customerPreferenceInput = z
  .object({
    choices: z
      .array(z.enum(CUSTOMER_REWARDS))
      .min(1)
      .max(MAX_CHOICES)
      .refine(unique, 'each choice once')
      .describe('the rewards the customer values most, first'),
    note: text(200).nullable().default(null),
  })
  .strict();

export const staffPreferenceView = z.object({
  choices: z.array(z.string()),
  updatedAt: z.date().nullable(),
});

export const customerPreferenceView = z.object({
  customerId: z.string().uuid(),
  choices: z.array(z.string()),
  note: z.string().nullable(),
  source: z.enum(['staff', 'customer']).nullable(),
  updatedAt: z.date().nullable(),
});
export type CustomerPreferenceView = z.infer<typeof customerPreferenceView>;

const tally = z.array(
  z.object({ choice: z.string(), label: z.string(), count: z.number(), first: z.number() }),
);
export const summaryView = z.object({
  minGroup: z.number(),
  staff: z.object({
    answers: z.number(),
    options: tally.nullable(),
    teams: z.array(
      z.object({
        teamId: z.string().uuid(),
        name: z.string(),
        answers: z.number(),
        options: tally.nullable(),
      }),
    ),
  }),
  customers: z.object({ answers: z.number(), options: tally }),
});
export type Tally = z.infer<typeof tally>;
