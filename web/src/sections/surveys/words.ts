import { ApiError } from '../../api/client.ts';
import { describeError } from '../../api/errors.ts';

/** The builder's labels for the fields the API names in its refusals. */
const labels: Record<string, string> = {
  name: 'Name',
  title: 'Title',
  intro: 'Introduction',
  thanks: 'Thank-you message',
  emailSubject: 'Email subject',
  incentive: 'Reward',
  points: 'Reward points',
  code: 'Reward code',
  description: 'Reward wording',
  reminderAfterDays: 'Reminder after',
  linkValidDays: 'Links work for',
  interactionKind: 'Kind of touchpoint',
  delayHours: 'Delay',
  channels: 'Channels',
  minAmountMinor: 'Minimum amount',
  statuses: 'Customer statuses',
  lifecycleStages: 'Lifecycle stages',
};
const questionParts: Record<string, string> = {
  text: 'text',
  id: 'id',
  type: 'type',
  options: 'options',
  followUps: 'follow-up bands',
};

/** "body.questions.1.followUps.0" → "Question 2, follow-up band 1"; "body.title" → "Title". */
function labelOf(path: string): string {
  const parts = path.split('.').filter((p) => p !== 'body' && p !== 'condition' && p !== 'incentive');
  if (parts[0] === 'questions') {
    const n = Number(parts[1]);
    if (!Number.isInteger(n)) return '';
    const part = parts[2];
    if (part === 'followUps' && parts[3] !== undefined)
      return `Question ${n + 1}, follow-up band ${Number(parts[3]) + 1}`;
    return part ? `Question ${n + 1} ${questionParts[part] ?? part}` : `Question ${n + 1}`;
  }
  // "lifecycleStages.0" is about the field, whichever of its items it was.
  const last = parts.filter((p) => !/^\d+$/.test(p)).at(-1) ?? '';
  return labels[last] ?? last;
}

function plain(message: string): string {
  const min = /expected (?:string|array) to have >=(\d+) (characters|items)/.exec(message);
  if (min) return min[1] === '1' ? 'cannot be empty' : `needs at least ${min[1]} ${min[2]}`;
  const max = /expected (?:string|array) to have <=(\d+) (characters|items)/.exec(message);
  if (max) return `can have at most ${max[1]} ${max[2]}`;
  const big = /expected number to be <=(\d+)/.exec(message);
  if (big) return `can be at most ${big[1]}`;
  const small = /expected number to be >=(\d+)/.exec(message);
  if (small) return `must be at least ${small[1]}`;
  if (/Invalid string: must match pattern/.test(message))
    return 'must be lower-case letters, digits and "-", starting with a letter';
  return message;
}

type Issue = { path: string; message: string };

/**
 * A refusal of a survey or trigger in the form's own words ("Question 2 options: a single
 * question needs options."); anything that is not about a field, as everywhere else.
 */
export function describeFormError(err: unknown, thing: string): string {
  const issues =
    err instanceof ApiError && err.status === 400 ? (err.details as { issues?: Issue[] })?.issues : undefined;
  if (!Array.isArray(issues) || issues.length === 0) return describeError(err, { thing });
  return issues
    .map((i) => {
      const label = labelOf(i.path);
      const said = plain(i.message);
      if (!label) return `${said.charAt(0).toUpperCase()}${said.slice(1)}.`;
      return said === i.message ? `${label}: ${said}.` : `${label} ${said}.`;
    })
    .join(' ');
}
