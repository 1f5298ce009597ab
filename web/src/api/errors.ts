import { ApiError } from './client.ts';

/** Words a rep knows for the fields the API names in its messages. */
const fieldNames: Record<string, string> = {
  email: 'Email',
  emails: 'Email',
  phones: 'Phone',
  password: 'Password',
  name: 'Name',
  timeZone: 'Time zone',
  locale: 'Language',
  address: 'Address',
  line1: 'Address line 1',
  line2: 'Address line 2',
  city: 'City',
  region: 'Region',
  postalCode: 'Postal code',
  country: 'Country',
  subject: 'Summary',
  body: 'Notes',
  occurredAt: 'When',
  ownerId: 'Owner',
  scopes: 'Permissions',
  role: 'Role',
  kind: 'Kind',
  channel: 'Channel',
};

function fieldOf(path: string): string {
  const parts = path
    .split('.')
    .filter((p) => !/^\d+$/.test(p) && !['body', 'querystring', 'params'].includes(p));
  const last = parts.at(-1) ?? '';
  return fieldNames[last] ?? last;
}

function plain(message: string): string {
  const min = /expected (?:string|array) to have >=(\d+) (characters|items)/.exec(message);
  if (min) return min[1] === '1' ? 'cannot be empty' : `must be at least ${min[1]} ${min[2]}`;
  const max = /expected (?:string|array) to have <=(\d+) (characters|items)/.exec(message);
  if (max) return `can be at most ${max[1]} ${max[2]}`;
  if (/Invalid email/i.test(message)) return 'is not a valid email address';
  return message;
}

type Issue = { path: string; message: string };
const isIssues = (d: unknown): d is { issues: Issue[] } =>
  typeof d === 'object' && d !== null && Array.isArray((d as { issues?: unknown }).issues);

/**
 * Turns any error into a sentence a rep understands and can act on. `context` adjusts the
 * wording where the same code means something specific (a 401 while signing in is a wrong
 * password, elsewhere an ended session).
 */
export function describeError(err: unknown, context: { signingIn?: boolean; thing?: string } = {}): string {
  if (!(err instanceof ApiError)) {
    return 'Something went wrong in the page. Reload it and try again.';
  }
  switch (err.status) {
    case 0:
      return 'Tenure cannot be reached. Check your network connection, then try again.';
    case 400: {
      if (isIssues(err.details)) {
        return err.details.issues.map((i) => `${fieldOf(i.path)} ${plain(i.message)}.`).join(' ');
      }
      const field = /^(?:Invalid request: )?([\w.]+): (.*)$/.exec(err.message);
      if (field?.[1] && field[2]) return `${fieldOf(field[1])} ${plain(field[2])}.`;
      return err.message;
    }
    case 401:
      return context.signingIn
        ? 'That email and password do not match an account. Check them and try again.'
        : 'Your session has ended. Sign in again to continue.';
    case 403:
      return 'Your role does not allow this. Ask an admin if you need it.';
    case 404:
      return `This ${context.thing ?? 'item'} does not exist (any more). It may have been removed or merged.`;
    case 409:
      return err.message;
    case 413:
      return 'That is too much at once. Make it shorter and try again.';
    case 429:
      return context.signingIn
        ? 'Too many sign-in attempts. Wait a minute, then try again.'
        : 'Too many requests at once. Wait a moment, then try again.';
    case 503:
      return 'Tenure is busy right now. Try again in a moment.';
    default:
      return err.status >= 500
        ? 'Something went wrong on our side. Try again; if it keeps happening, tell your admin.'
        : err.message;
  }
}
