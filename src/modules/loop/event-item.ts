import type { RecordedInteraction } from '../customers/index.ts';

/** A recorded touchpoint as it travels in a job (JSON: dates as ISO strings). */
export type EventItem = Omit<RecordedInteraction, 'occurredAt'> & { occurredAt: string; ruleIds: string[] };

export const toEventItem = (r: RecordedInteraction, ruleIds: string[]): EventItem => ({
  ...r,
  occurredAt: r.occurredAt.toISOString(),
  ruleIds,
});
export const fromEventItem = ({ ruleIds: _, ...e }: EventItem): RecordedInteraction => ({
  ...e,
  occurredAt: new Date(e.occurredAt),
});

/** Conversations with the customer, as opposed to purchases or system records. */
export const CONTACT_KINDS = [
  'call',
  'email',
  'sms',
  'chat',
  'visit',
  'meeting',
  'message',
  'letter',
  'check-in',
  'goodwill-gesture',
];

/** Touchpoints that may move a case along even when no rule looks at them. */
export const isCaseSignal = (r: Pick<RecordedInteraction, 'kind' | 'direction' | 'properties'>) =>
  (r.direction === 'outbound' && CONTACT_KINDS.includes(r.kind)) ||
  r.kind === 'survey-response' ||
  typeof r.properties.loopTaskId === 'string';
