import type { Transaction } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import type { Database } from '../../kernel/db/database.ts';
import type { Channel, Direction } from './tables.ts';

/** A touchpoint that was just appended to the timeline (never a duplicate). */
export type RecordedInteraction = {
  /** The timeline row's id (set for touchpoints just recorded; replays may leave it out). */
  id?: number;
  customerId: string;
  source: string;
  sourceId: string;
  channel: Channel;
  kind: string;
  direction: Direction | null;
  occurredAt: Date;
  amountMinor: number | null;
  currency: string | null;
  sentiment: number | null;
  properties: Record<string, unknown>;
};

/**
 * Other modules react to new touchpoints (red-flag rules, for one) by registering a listener.
 * Listeners run inside the ingest transaction, so what they enqueue (with `ctx.queue.send(…,
 * { trx })`) exists exactly when the touchpoints do: no event is lost by a crash in between,
 * and a retried, duplicate event triggers nothing.
 */
export type InteractionListener = (
  // The clock, when the caller has one, lets a listener tell a back-fill from a live touchpoint.
  ctx: Pick<Ctx, 'queue'> & Partial<Pick<Ctx, 'clock'>>,
  trx: Transaction<Database>,
  recorded: RecordedInteraction[],
) => Promise<void>;

const listeners: InteractionListener[] = [];

export function onInteractionsRecorded(listener: InteractionListener): void {
  if (!listeners.includes(listener)) listeners.push(listener);
}

export async function notifyInteractionsRecorded(
  ctx: Partial<Pick<Ctx, 'queue' | 'clock'>>,
  trx: Transaction<Database>,
  recorded: RecordedInteraction[],
): Promise<void> {
  if (recorded.length === 0 || listeners.length === 0) return;
  if (!ctx.queue) throw new Error('interaction listeners need ctx.queue');
  for (const l of listeners) await l({ queue: ctx.queue, clock: ctx.clock }, trx, recorded);
}
