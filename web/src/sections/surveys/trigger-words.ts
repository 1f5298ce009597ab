import { channelPhrase, humanize } from '../../ui/format.ts';
import type { TriggerFields } from './triggers-api.ts';

/** Kinds of touchpoint a company often surveys after; any other kind its systems record works too. */
export const commonTriggerKinds = [
  'purchase',
  'ticket-closed',
  'visit',
  'call',
  'chat',
  'delivery',
  'appointment',
  'refund',
];

/** "a", "b" or "c" */
export const orList = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;

/** "24 h", "72 h (3 days)" */
export const formatDelay = (h: number): string =>
  h >= 48 && h % 24 === 0 ? `${h} h (${h / 24} days)` : `${h} h`;

/**
 * Amounts are entered in the currency's main unit and stored in minor units (× 100): right for
 * the currencies with cents, which a trigger cannot tell apart since it has no currency.
 */
export const toMinor = (amount: number): number => Math.round(amount * 100);
export const fromMinor = (minor: number): number => minor / 100;

/** "Send this survey by email 24 h after a purchase by web, of at least 10.00, to active customers." */
export function describeTrigger(t: TriggerFields): string {
  const kind = humanize(t.interactionKind).toLowerCase();
  const when = t.delayHours === 0 ? 'right after' : `${formatDelay(t.delayHours)} after`;
  const c = t.condition;
  let s = `Send this survey by email ${when} ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
  if (c.channels?.length) s += ` ${orList(c.channels.map(channelPhrase))}`;
  if (c.minAmountMinor !== undefined) s += ` of at least ${fromMinor(c.minAmountMinor).toFixed(2)}`;
  s += c.statuses?.length ? `, to ${orList(c.statuses)} customers` : ', to all customers';
  if (c.lifecycleStages?.length)
    s += ` in lifecycle stage${c.lifecycleStages.length > 1 ? 's' : ''} ${orList(c.lifecycleStages)}`;
  return `${s}.`;
}
