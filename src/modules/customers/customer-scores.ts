/**
 * The insight module registers a provider of per-customer scores (P(alive), CLV, churn
 * probability, health and what moved it); the customer 360 shows them when one is registered.
 * The provider contributes SQL (a scalar subquery over the customer `c.id` giving one json value)
 * that the 360 runs inside its own statement, one round trip for the whole read, and a function
 * that shapes that value. Registration keeps the customers module from reading insight's tables.
 */
export type CustomerScoresProvider = {
  /** A scalar subquery yielding one json value, or null, for the customer whose id is `c.id`. */
  sql: string;
  fromJson: (value: unknown) => Record<string, unknown> | null;
};

let provider: CustomerScoresProvider | undefined;

export function registerCustomerScoresProvider(p: CustomerScoresProvider): void {
  provider = p;
}

export function customerScoresProvider(): CustomerScoresProvider | undefined {
  return provider;
}
