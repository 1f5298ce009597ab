import { ApiError } from '../../api/client.ts';
import { describeError } from '../../api/errors.ts';
import { humanize } from '../../ui/format.ts';
import type { NotifyChannel, Playbook, Rule, StepType } from './api.ts';

export const stepLabels: Record<StepType, string> = {
  call: 'Call',
  email: 'Email (from a template)',
  gesture: 'Goodwill gesture',
  survey: 'Follow-up survey',
  'check-in': 'Check-in',
  task: 'Other task',
};
export const stepTypes = Object.keys(stepLabels) as StepType[];

export const notifyLabels: Record<NotifyChannel, string> = {
  'in-app': 'In the app',
  email: 'By email',
  webhook: 'Webhooks (Slack, other tools)',
};
export const notifyChannels = Object.keys(notifyLabels) as NotifyChannel[];

/** Touchpoint kinds people use most; any other kind can be typed. */
export const commonKinds = [
  'survey-response',
  'ticket',
  'complaint',
  'cancellation-request',
  'downgrade-request',
  'purchase',
  'refund',
  'call',
  'email',
  'chat',
  'visit',
  'note',
];

/** 24 → "1 day", 36 → "36 hours", 336 → "14 days". */
export function formatHours(h: number): string {
  if (h === 0) return 'at once';
  if (h % 24 === 0) return `${h / 24} day${h === 24 ? '' : 's'}`;
  return `${h} hour${h === 1 ? '' : 's'}`;
}

const list = (xs: string[], last = 'or'): string =>
  xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} ${last} ${xs.at(-1)}`;

/** When the rule looks: "When a survey response arrives (by email)", "Every night, over active customers". */
export function describeTrigger(r: Pick<Rule, 'trigger' | 'eventKinds' | 'eventChannels' | 'cooldownDays'>) {
  if (r.trigger === 'schedule') {
    const again = r.cooldownDays > 0 ? `, not again within ${r.cooldownDays} days` : '';
    return `Every night, over active customers${again}`;
  }
  const kinds = r.eventKinds.length
    ? list(r.eventKinds.map((k) => humanize(k).toLowerCase()))
    : 'any touchpoint';
  const channels = r.eventChannels.length ? ` (${list(r.eventChannels.map((c) => humanize(c)))})` : '';
  const article = !r.eventKinds.length ? '' : /^[aeiou]/.test(kinds) ? 'an ' : 'a ';
  return `When ${article}${kinds} arrives${channels}`;
}

/** What the rule does when its condition holds: "opens a high case with Detractor recovery". */
export function describeAction(
  r: Pick<Rule, 'severity' | 'playbookId' | 'notify'>,
  playbooks: Playbook[] = [],
) {
  const playbook = r.playbookId ? playbooks.find((p) => p.id === r.playbookId) : undefined;
  const start = playbook ? ` and starts “${playbook.name}”` : '';
  const notify = r.notify.length
    ? `, notifying ${list(
        r.notify.map((n) => (n === 'in-app' ? 'in the app' : n === 'email' ? 'by email' : 'webhooks')),
        'and',
      )}`
    : ', notifying nobody';
  return `opens a ${r.severity}-severity case${start}${notify}`;
}

/** The names the form gives the fields the API names in its messages. */
const fieldLabels: Record<string, string> = {
  key: 'Key',
  name: 'Name',
  description: 'Description',
  trigger: 'Trigger',
  eventKinds: 'Kinds',
  eventChannels: 'Channels',
  condition: 'Condition',
  severity: 'Severity',
  playbookId: 'Playbook',
  notify: 'Notify',
  cooldownDays: 'Quiet period',
  steps: 'Steps',
  type: 'kind',
  title: 'what to do',
  dueAfterHours: 'due after',
  template: 'email template',
};

type Issue = { path: string; message: string };
const issuesOf = (d: unknown): Issue[] | null =>
  typeof d === 'object' && d !== null && Array.isArray((d as { issues?: unknown }).issues)
    ? (d as { issues: Issue[] }).issues
    : null;

function plain(message: string): string {
  if (/>=1 characters|>=1 items/.test(message)) return 'cannot be empty';
  const min = /expected number to be >=(\d+)/.exec(message);
  if (min) return `must be at least ${min[1]}`;
  if (/Invalid option/.test(message)) return 'is not one of the choices';
  if (/must be 1-40 lower-case/.test(message)) return 'must be lower-case letters, digits or “-”';
  return message;
}

/** "body.steps.2.title" → "Step 3: what to do"; "body.name" → "Name". */
function fieldOf(path: string): string {
  const parts = path.split('.').filter((p) => p !== 'body');
  const step = parts[0] === 'steps' && /^\d+$/.test(parts[1] ?? '') ? Number(parts[1]) + 1 : null;
  const last = parts.at(-1) ?? '';
  const label = fieldLabels[last] ?? last;
  return step !== null && parts.length > 2 ? `Step ${step}: ${label}` : label;
}

/**
 * An error of saving a rule or a playbook, naming the field as the form labels it. A duplicate
 * key is the one conflict these forms can meet, and deserves its own words.
 */
export function describeSaveError(err: unknown, thing: 'rule' | 'playbook'): string {
  if (err instanceof ApiError) {
    if (err.status === 409 && /key/.test(err.message))
      return `A ${thing} with this key already exists. Choose another key.`;
    if (err.status === 400) {
      const issues = issuesOf(err.details);
      if (issues) return issues.map((i) => `${fieldOf(i.path)} ${plain(i.message)}.`).join(' ');
      const field = /^([\w.]+): (.*)$/s.exec(err.message);
      if (field?.[1] && field[2]) {
        const text = field[2].replace(/^playbook \S+ does not exist$/, 'no longer exists: choose another.');
        return `${fieldOf(field[1])}: ${text}`;
      }
    }
  }
  return describeError(err, { thing });
}
