import { z } from 'zod';
import { patchOf, text, timestamp } from '../../kernel/validation.ts';
import { caseStatuses, notifyChannels, outcomes, severities, taskTypes } from './tables.ts';

export const slugKey = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be 1-40 lower-case letters, digits or "-", starting with a letter');
const kind = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/);

export const ruleFields = z.object({
  key: slugKey,
  name: text(200).trim().min(1),
  description: text(2000).default(''),
  enabled: z.boolean().default(true),
  trigger: z.enum(['event', 'schedule']),
  eventKinds: z
    .array(kind)
    .max(50)
    .default([])
    .describe('event rules: only these touchpoint kinds (none = all)'),
  eventChannels: z
    .array(text(20))
    .max(20)
    .default([])
    .describe('event rules: only these channels (none = all)'),
  condition: text(4000)
    .min(1)
    .describe('CEL over `event`, `customer`, `scores` and `now`; must give true or false'),
  severity: z.enum(severities),
  playbookId: z.string().uuid().nullable().default(null),
  notify: z.array(z.enum(notifyChannels)).max(3).default(['in-app', 'email', 'webhook']),
  cooldownDays: z.number().int().min(0).max(3650).default(0),
});
export type RuleFields = z.infer<typeof ruleFields>;

export const rulePatch = patchOf(ruleFields);

export const ruleView = ruleFields.extend({
  id: z.string().uuid(),
  builtin: z.boolean(),
  errors: z
    .object({
      count: z.number().describe('evaluations that failed since the condition was last changed'),
      lastMessage: z.string().nullable().describe('why the last one failed'),
      lastAt: z.date().nullable(),
    })
    .describe(
      'runtime errors of the condition (a null compared without a check, a score read before it exists): they raise nothing, so they are counted here',
    ),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type RuleView = z.infer<typeof ruleView>;

export const dryRunInput = z.object({
  from: timestamp().optional().describe('event rules: start of the history window (default: 30 days ago)'),
  to: timestamp().optional().describe('event rules: end of the window (default: now)'),
  limit: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(100_000)
    .describe(
      'touchpoints (or customers) to evaluate at most; the run also stops after 25 s, and says what it covered',
    ),
});

export const conditionCheck = z.object({
  condition: text(4000).describe('the CEL condition as typed so far'),
  trigger: z
    .enum(['event', 'schedule'])
    .default('event')
    .describe('a scheduled rule has no `event`, so naming it is an error there'),
});

export const conditionCheckView = z.object({
  valid: z.boolean(),
  type: z
    .string()
    .optional()
    .describe('what the condition gives when valid (bool, or dyn when it cannot tell)'),
  message: z.string().optional().describe('what is wrong, in plain words (when not valid)'),
  position: z
    .object({
      start: z.number().describe('offset of the first character in error, from 0'),
      end: z.number(),
      line: z.number().describe('from 1'),
      column: z.number().describe('from 1'),
    })
    .optional(),
});

export const dryRunView = z.object({
  from: z
    .date()
    .nullable()
    .describe(
      'event rules: start of the window covered: the one asked for, or, when the run stopped early, the oldest touchpoint checked; null for scheduled rules',
    ),
  to: z.date().nullable().describe('event rules: end of the window; null for scheduled rules'),
  requestedFrom: z.date().nullable().describe('event rules: the start of the window asked for'),
  evaluated: z.number().describe('touchpoints (event rules) or active customers (scheduled rules) checked'),
  matched: z.number(),
  customers: z.number().describe('distinct customers that would get a case or an added flag'),
  errors: z
    .number()
    .describe('checks the condition could not evaluate (a null or absent field): they raise nothing'),
  lastError: z.string().nullable().describe('why the last of those failed'),
  complete: z.boolean().describe('true when the whole window (or every active customer) was checked'),
  stoppedBy: z
    .enum(['limit', 'time'])
    .nullable()
    .describe('what stopped the run early: `limit`, or the time limit of a dry run'),
  truncated: z.boolean().describe('the opposite of `complete` (kept for older clients)'),
  samples: z
    .array(
      z.object({
        customerId: z.string().uuid(),
        customerName: z.string().nullable().describe("the customer's name, or first email"),
        occurredAt: z.date().nullable(),
        kind: z.string().nullable(),
        summary: z
          .string()
          .describe('why it matched: the touchpoint, or the customer facts a nightly rule looks at'),
      }),
    )
    .max(100),
});

const customerName = z
  .string()
  .nullable()
  .optional()
  .describe("the customer's name (or first email), filled in lists so they need no per-row lookup");

const taskView = z.object({
  id: z.string().uuid(),
  caseId: z.string().uuid().nullable().describe('null for a promise made outside a case'),
  customerId: z.string().uuid(),
  customerName,
  stepIndex: z.number().nullable().describe('the playbook step; null for a promise'),
  type: z.enum(taskTypes),
  title: z.string(),
  channel: z.string().nullable(),
  note: z.string().nullable(),
  template: z.string().nullable(),
  dueAt: z.date(),
  assigneeId: z.string().uuid().nullable(),
  status: z.enum(['open', 'done', 'cancelled']),
  completedAt: z.date().nullable(),
  completedBy: z.string().uuid().nullable(),
  interaction: z.string().nullable(),
});

export { taskView };
export type TaskView = z.infer<typeof taskView>;

export const followUpView = z.object({
  surveyId: z.string().nullable(),
  responseId: z.string().nullable(),
  type: z.string().nullable(),
  score: z.number().nullable(),
  at: z.string(),
});

export const slaStates = ['breached', 'warning', 'on-track'] as const;
export type SlaState = (typeof slaStates)[number];

export const caseView = z.object({
  id: z.string().uuid(),
  customerId: z.string().uuid(),
  customerName,
  status: z.enum(caseStatuses),
  severity: z.enum(severities),
  priority: z.number().describe('1 (most urgent) … 4'),
  title: z.string(),
  teamId: z.string().uuid().nullable(),
  assigneeId: z.string().uuid().nullable(),
  assignedAt: z.date().nullable(),
  queuedUntil: z.date().nullable(),
  openedAt: z.date(),
  firstContactAt: z.date().nullable(),
  firstContactDueAt: z.date().nullable(),
  resolutionDueAt: z.date().nullable(),
  overdue: z.boolean(),
  slaState: z
    .enum(slaStates)
    .nullable()
    .describe('breached (overdue), warning (past the warning point), on-track; null once resolved'),
  escalatedAt: z.date().nullable(),
  snoozedUntil: z.date().nullable(),
  resolvedAt: z.date().nullable(),
  outcome: z.enum(outcomes).nullable(),
  rootCauses: z.array(z.string()),
  resolutionNote: z.string().nullable(),
  playbookId: z.string().uuid().nullable(),
  playbookApplied: z.boolean(),
  playbookArm: z
    .enum(['treated', 'held-out', 'global-control'])
    .nullable()
    .describe('the customer’s arm of the playbook’s holdout; held-out cases get no proactive steps'),
  customerValue: z.object({ minor: z.number(), currency: z.string().nullable() }),
  cycle: z.number(),
  followUp: followUpView.nullable(),
});
export type CaseView = z.infer<typeof caseView>;

export const caseDetail = caseView.extend({
  alerts: z.array(
    z.object({
      id: z.number(),
      ruleId: z.string().uuid(),
      severity: z.enum(severities),
      summary: z.string(),
      triggerKey: z.string(),
      raisedAt: z.date(),
      event: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
  tasks: z.array(taskView),
  history: z.array(
    z.object({
      id: z.number(),
      at: z.date(),
      kind: z.string(),
      actorId: z.string().uuid().nullable(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
});
export type CaseDetail = z.infer<typeof caseDetail>;
