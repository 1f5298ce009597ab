import type { Ctx } from '../../kernel/context.ts';

/**
 * Modules that own "open items" for a customer (cases and tasks in the loop module, for example)
 * register a counter here; the customer 360 adds them up. Registration keeps the customers module
 * from reading other modules' tables. Counters take a batch of customers, so that a nightly pass
 * over every customer reads a page at a time instead of one customer at a time.
 */
export type OpenItemsCounter = (ctx: Pick<Ctx, 'db'>, customerIds: string[]) => Promise<Map<string, number>>;

const counters: OpenItemsCounter[] = [];

export function registerOpenItemsCounter(counter: OpenItemsCounter): void {
  if (!counters.includes(counter)) counters.push(counter);
}

/** Open items per customer; customers with none are absent from the map. */
export async function countOpenItems(
  ctx: Pick<Ctx, 'db'>,
  customerIds: string[],
): Promise<Map<string, number>> {
  const total = new Map<string, number>();
  if (customerIds.length === 0) return total;
  for (const counts of await Promise.all(counters.map((c) => c(ctx, customerIds)))) {
    for (const [id, n] of counts) total.set(id, (total.get(id) ?? 0) + n);
  }
  return total;
}
