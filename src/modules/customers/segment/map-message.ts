import { z } from 'zod';
import { jsonObject, looseInstant, text } from '../../../kernel/validation.ts';
import type { NewInteraction } from '../record-interactions.ts';
import { describeIssues } from '../schemas.ts';
import { channels } from '../tables.ts';
import { toMinorUnits } from './money.ts';

/** The identity namespace Segment's `userId` lives in: the company's own user id. */
export const SEGMENT_ID_SOURCE = 'default';
const SOURCE = 'segment';

/** Segment ids may be numbers; Tenure keeps them as text. */
const id = z.union([z.string(), z.number().finite()]).transform(String).pipe(text(200).min(1));

const base = z.object({
  messageId: text(200).min(1),
  userId: id.optional(),
  anonymousId: z.union([text(200), z.number().finite()]).optional(),
  timestamp: looseInstant().optional(),
  originalTimestamp: looseInstant().optional(),
  context: jsonObject().optional(),
});
const identify = base.extend({
  type: z.literal('identify'),
  traits: jsonObject().default({}),
});
const track = base.extend({
  type: z.literal('track'),
  event: text(200).min(1),
  properties: jsonObject().default({}),
});
const page = base.extend({
  type: z.enum(['page', 'screen']),
  name: text(200).optional(),
  properties: jsonObject().default({}),
});
const alias = base.extend({
  type: z.literal('alias'),
  previousId: id,
});
export const segmentMessage = z.discriminatedUnion('type', [identify, track, page, alias]);
export type IdentifyMessage = z.infer<typeof identify>;
export type AliasMessage = z.infer<typeof alias>;

export type Mapped =
  | { op: 'identify'; msg: IdentifyMessage; userId: string; at: Date }
  | { op: 'alias'; msg: AliasMessage; userId: string }
  | { op: 'interaction'; item: NewInteraction }
  | { op: 'reject'; reason: string };

const EVENT_KINDS: Record<string, string> = {
  'order completed': 'purchase',
  'order refunded': 'refund',
  'signed up': 'signup',
};

/** "Support Ticket Opened" → "support-ticket-opened": a timeline kind from a Segment event name. */
export function kindOfEvent(event: string): string {
  const known = EVENT_KINDS[event.trim().toLowerCase()];
  if (known) return known;
  const slug = event
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'event';
}

function channelOf(context: Record<string, unknown> | undefined, fallback: 'web' | 'app') {
  const c = context?.channel;
  if (typeof c === 'string' && (channels as readonly string[]).includes(c))
    return c as NewInteraction['channel'];
  if (context && typeof context.page === 'object') return 'web';
  return fallback;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Maps one Segment-spec message onto Tenure's model, or says why it cannot be. */
export function mapSegmentMessage(raw: unknown): Mapped {
  const parsed = segmentMessage.safeParse(raw);
  if (!parsed.success) return { op: 'reject', reason: describeIssues(parsed.error) };
  const msg = parsed.data;
  if (!msg.userId)
    return { op: 'reject', reason: 'userId is required: anonymous visitors are not customers yet' };
  const at = msg.timestamp ?? msg.originalTimestamp ?? new Date();
  if (msg.type === 'identify') return { op: 'identify', msg, userId: msg.userId, at };
  if (msg.type === 'alias') return { op: 'alias', msg, userId: msg.userId };
  const customer = { source: SEGMENT_ID_SOURCE, externalId: msg.userId };
  if (msg.type === 'track') {
    const kind = kindOfEvent(msg.event);
    const p = msg.properties;
    const major = num(p.revenue) ?? num(p.total) ?? num(p.value);
    const currency =
      typeof p.currency === 'string' && /^[A-Za-z]{3}$/.test(p.currency) ? p.currency.toUpperCase() : 'USD';
    const money = major !== undefined && (kind === 'purchase' || kind === 'refund');
    return {
      op: 'interaction',
      item: {
        customer,
        source: SOURCE,
        sourceId: msg.messageId,
        channel: channelOf(msg.context, 'app'),
        kind,
        direction: 'inbound',
        occurredAt: at,
        amountMinor: money ? Math.abs(toMinorUnits(major, currency)) : null,
        currency: money ? currency : null,
        subject: msg.event,
        properties: { event: msg.event, ...p },
      },
    };
  }
  return {
    op: 'interaction',
    item: {
      customer,
      source: SOURCE,
      sourceId: msg.messageId,
      channel: msg.type === 'page' ? 'web' : 'app',
      kind: msg.type === 'page' ? 'page-view' : 'screen-view',
      direction: 'inbound',
      occurredAt: at,
      subject: msg.name ?? null,
      properties: msg.properties,
    },
  };
}
