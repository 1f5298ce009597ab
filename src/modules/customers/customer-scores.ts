import type { Ctx } from '../../kernel/context.ts';

/**
 * The insight module registers a provider of per-customer scores (P(alive), CLV, churn
 * probability, health and what moved it); the customer 360 shows them when one is registered.
 * Registration keeps the customers module from reading insight's tables.
 */
export type CustomerScoresProvider = (
  ctx: Pick<Ctx, 'db'>,
  customerId: string,
) => Promise<Record<string, unknown> | null>;

let provider: CustomerScoresProvider | undefined;

export function registerCustomerScoresProvider(p: CustomerScoresProvider): void {
  provider = p;
}

export async function loadCustomerScores(
  ctx: Pick<Ctx, 'db'>,
  customerId: string,
): Promise<Record<string, unknown> | null> {
  return provider ? provider(ctx, customerId) : null;
}
