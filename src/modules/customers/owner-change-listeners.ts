import type { Transaction } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';

/** One customer's owner changing (or being set when the customer is created). */
export type OwnerChange = {
  customerId: string;
  fromId: string | null;
  toId: string | null;
  at: Date;
  actorStaffId: string | null;
  reason: string | null;
};

/**
 * Other modules keep their own view of ownership over time (people's ownership history, which
 * credits results to whoever owned the customer then). Listeners run inside the transaction that
 * changes the owner, so the history and the change commit together or not at all.
 */
export type OwnerChangeListener = (trx: Transaction<Database>, changes: OwnerChange[]) => Promise<void>;

const listeners: OwnerChangeListener[] = [];

export function onOwnerChanged(listener: OwnerChangeListener): void {
  if (!listeners.includes(listener)) listeners.push(listener);
}

export async function notifyOwnerChanged(trx: Transaction<Database>, changes: OwnerChange[]): Promise<void> {
  if (!changes.length) return;
  for (const l of listeners) await l(trx, changes);
}
