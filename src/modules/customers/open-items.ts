import type { Ctx } from '../../kernel/context.ts';

/**
 * Modules that own "open items" for a customer (cases and tasks in the loop module, for example)
 * register a counter here; the customer 360 adds them up. Registration keeps the customers module
 * from reading other modules' tables.
 */
export type OpenItemsCounter = (ctx: Pick<Ctx, 'db'>, customerId: string) => Promise<number>;

const counters: OpenItemsCounter[] = [];

export function registerOpenItemsCounter(counter: OpenItemsCounter): void {
  if (!counters.includes(counter)) counters.push(counter);
}

export async function countOpenItems(ctx: Pick<Ctx, 'db'>, customerId: string): Promise<number> {
  const counts = await Promise.all(counters.map((c) => c(ctx, customerId)));
  return counts.reduce((a, b) => a + b, 0);
}
