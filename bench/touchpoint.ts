import type { Rng } from './random.ts';
import { eventKinds, ticketBodies } from './vocabulary.ts';

/** One drawn touchpoint, independent of how it is sent: a COPY line or an API event. */
export type Touchpoint = {
  channel: string;
  kind: string;
  direction: string;
  source: string;
  amountMinor: number | null;
  currency: string | null;
  sentiment: number | null;
  subject: string | null;
  body: string | null;
  /** Already JSON: the COPY writer and the API writer both embed it as text. */
  properties: string;
};

export function drawTouchpoint(rng: Rng, currency: string): Touchpoint {
  const k = eventKinds(rng);
  let amountMinor: number | null = null;
  let properties = '{}';
  if (k.money) {
    // Log-normal basket, median about 45 in major units; yen has no minor unit.
    const major = Math.exp(3.8 + 0.9 * rng.normal());
    amountMinor = Math.max(50, Math.round(major * (currency === 'JPY' ? 150 : 100)));
    if (k.kind === 'purchase')
      properties = `{"items": ${1 + rng.int(5)}, "sku": "SKU-${10_000 + rng.int(90_000)}"}`;
  } else if (k.kind === 'call') {
    properties = `{"durationSec": ${30 + rng.int(1200)}}`;
  } else if (k.kind === 'survey-response') {
    properties = `{"nps": ${rng.int(11)}}`;
  }
  return {
    channel: rng.pick(k.channels),
    kind: k.kind,
    direction: k.direction,
    source: k.source,
    amountMinor,
    currency: amountMinor === null ? null : currency,
    sentiment: k.sentiment ? Math.round((rng.next() * 2 - 1) * 100) / 100 : null,
    subject: k.subjects ? rng.pick(k.subjects) : null,
    body: k.kind === 'ticket' ? rng.pick(ticketBodies) : null,
    properties,
  };
}

const orNull = (v: string | number | null) => (v === null ? '\\N' : String(v));

/** COPY text line in the column order of `interactionColumns`. Generated text never needs escaping. */
export function copyLine(customerId: string, at: Date, t: Touchpoint, sourceId: string): string {
  return (
    `${customerId}\t${at.toISOString()}\t${t.channel}\t${t.kind}\t${t.direction}\t${orNull(t.amountMinor)}\t` +
    `${orNull(t.currency)}\t${orNull(t.sentiment)}\t${orNull(t.subject)}\t${orNull(t.body)}\t${t.properties}\t` +
    `${t.source}\t${sourceId}\n`
  );
}

export const interactionColumns = [
  'customer_id',
  'occurred_at',
  'channel',
  'kind',
  'direction',
  'amount_minor',
  'currency',
  'sentiment',
  'subject',
  'body',
  'properties',
  'source',
  'source_id',
] as const;

/** The same touchpoint as `POST /api/v1/events` takes it, naming the customer by its shop id. */
export function apiEvent(
  externalId: string,
  at: Date,
  t: Touchpoint,
  sourceId: string,
): Record<string, unknown> {
  const e: Record<string, unknown> = {
    externalId,
    idSource: 'shop',
    source: t.source,
    sourceId,
    channel: t.channel,
    kind: t.kind,
    direction: t.direction,
    occurredAt: at.toISOString(),
  };
  if (t.amountMinor !== null) e.amount = { minor: t.amountMinor, currency: t.currency };
  if (t.sentiment !== null) e.sentiment = t.sentiment;
  if (t.subject !== null) e.subject = t.subject;
  if (t.body !== null) e.body = t.body;
  if (t.properties !== '{}') e.properties = JSON.parse(t.properties);
  return e;
}
