import { z } from 'zod';
import { text } from '../../kernel/validation.ts';
import { channels, statuses } from '../customers/tables.ts';

/** Who a trigger surveys: conditions on the interaction (now) and on the customer (at send time). */
export const triggerCondition = z
  .object({
    channels: z
      .array(z.enum(channels))
      .min(1)
      .max(channels.length)
      .optional()
      .describe('interaction channels that count'),
    minAmountMinor: z.number().int().optional().describe('smallest interaction amount, in minor units'),
    statuses: z
      .array(z.enum(statuses))
      .min(1)
      .max(statuses.length)
      .optional()
      .describe('customer statuses surveyed'),
    lifecycleStages: z
      .array(text(40))
      .min(1)
      .max(50)
      .optional()
      .describe('customer lifecycle stages surveyed'),
  })
  .strict();
export type TriggerCondition = z.infer<typeof triggerCondition>;

export const triggerInput = z.object({
  channel: z.literal('email').default('email'),
  interactionKind: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,39}$/)
    .refine(
      (k) => k !== 'survey-sent' && k !== 'survey-response',
      'a survey cannot be triggered by survey events',
    ),
  delayHours: z.number().min(0).max(8760),
  condition: triggerCondition.default({}),
  active: z.boolean().default(true),
});
export type TriggerInput = z.infer<typeof triggerInput>;

export const triggerView = z.object({
  id: z.string().uuid(),
  surveyId: z.string().uuid(),
  channel: z.literal('email'),
  interactionKind: z.string(),
  delayHours: z.number(),
  condition: triggerCondition,
  active: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TriggerView = z.infer<typeof triggerView>;

export function toTriggerView(r: {
  id: string;
  survey_id: string;
  channel: 'email';
  interaction_kind: string;
  delay_hours: number;
  condition: unknown;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}): TriggerView {
  return {
    id: r.id,
    surveyId: r.survey_id,
    channel: r.channel,
    interactionKind: r.interaction_kind,
    delayHours: r.delay_hours,
    condition: triggerCondition.parse(r.condition),
    active: r.active,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
