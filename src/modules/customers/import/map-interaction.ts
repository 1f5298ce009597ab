import { toNewInteraction } from '../ingest-events.ts';
import type { NewInteraction } from '../record-interactions.ts';
import { describeIssues, eventInput } from '../schemas.ts';
import { toMinorUnits } from '../segment/money.ts';
import { parseDate, parseDecimal } from './parse-values.ts';
import { type ColumnPlan, extrasOf, type FieldSet, fieldOf } from './plan-columns.ts';

export const interactionFieldSet: FieldSet = {
  fields: [
    'externalId',
    'customerId',
    'sourceId',
    'occurredAt',
    'channel',
    'kind',
    'direction',
    'amount',
    'currency',
    'staffId',
    'subject',
    'body',
  ],
  required: [['externalId', 'customerId'], ['occurredAt'], ['channel'], ['kind']],
};

const minorFactors = new Map<string, number>();

/** Major → minor units with toMinorUnits' rounding; its Intl lookup costs 10 µs, so once per currency. */
function toMinor(major: number, currency: string): number {
  let factor = minorFactors.get(currency);
  if (factor === undefined) {
    factor = toMinorUnits(1, currency);
    minorFactors.set(currency, factor);
  }
  return Math.round(major * factor);
}

export type InteractionSettings = {
  source: string;
  idSource: string;
  dateFormat: string;
  timeZone: string;
  currency: string;
  dropExtra: boolean;
};

/** Turns one data row into a touchpoint, validated exactly like the batch API validates events. */
export function mapInteraction(
  plan: ColumnPlan,
  s: InteractionSettings,
  fields: readonly string[],
  /** From createRowIds, when the file has no sourceId column. */
  derivedSourceId?: string,
  /** Line items: kind and amount come from the line (quantity × unit price), not from columns. */
  computed?: { kind: string; amountMajor: number; sourceId: string },
): { item: NewInteraction } | { reason: string } {
  if (fields.length !== plan.width)
    return { reason: `expected ${plan.width} fields, found ${fields.length}` };
  const f = (name: string) => fieldOf(plan, fields, name);

  const rawDate = f('occurredAt');
  const occurredAt = rawDate === undefined ? undefined : parseDate(rawDate, s.dateFormat, s.timeZone);
  if (rawDate === undefined) return { reason: 'occurredAt: empty' };
  if (!occurredAt) return { reason: `occurredAt: "${rawDate}" is not a date in format ${s.dateFormat}` };

  let amount: { minor: number; currency: string } | undefined;
  const rawAmount = computed ? String(computed.amountMajor) : f('amount');
  if (computed) {
    const currency = (f('currency') ?? s.currency).toUpperCase();
    const minor = toMinor(computed.amountMajor, currency);
    if (!Number.isSafeInteger(minor)) return { reason: `quantity × unitPrice = ${rawAmount}: too large` };
    amount = { minor, currency };
  } else if (rawAmount !== undefined) {
    const major = parseDecimal(rawAmount);
    if (major === undefined)
      return { reason: `amount: "${rawAmount}" is not a decimal number such as 12.50` };
    const currency = (f('currency') ?? s.currency).toUpperCase();
    const minor = toMinor(major, currency);
    if (!Number.isSafeInteger(minor)) return { reason: `amount: "${rawAmount}" is too large` };
    amount = { minor, currency };
  }

  const properties = s.dropExtra ? undefined : extrasOf(plan, fields);
  const parsed = eventInput.safeParse({
    customerId: f('customerId'),
    externalId: f('externalId'),
    idSource: s.idSource,
    source: s.source,
    sourceId: computed?.sourceId ?? f('sourceId') ?? derivedSourceId,
    channel: f('channel')?.toLowerCase(),
    kind:
      computed?.kind ??
      f('kind')
        ?.toLowerCase()
        .replace(/[\s_]+/g, '-'),
    direction: f('direction')?.toLowerCase(),
    occurredAt: occurredAt.toISOString(),
    staffId: f('staffId'),
    amount,
    subject: f('subject'),
    body: f('body'),
    properties,
  });
  if (!parsed.success) return { reason: describeIssues(parsed.error) };
  return { item: toNewInteraction(parsed.data) };
}
