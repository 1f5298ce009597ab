import type { Ctx } from '../../kernel/context.ts';

/** A customer's service level, when something (loyalty tiers) grants one: it beats the default. */
export type ServiceLevel = {
  /** Case priority 1–4 (1 most urgent); the case gets the more urgent of this and the rule's. */
  priority: number | null;
  firstContactMinutes: number | null;
  resolutionMinutes: number | null;
  /** Why, for the case: e.g. "Gold tier". */
  label: string;
};

type ServiceLevelSource = (ctx: Pick<Ctx, 'db'>, customerId: string) => Promise<ServiceLevel | null>;

let source: ServiceLevelSource | null = null;

/** Loyalty registers its tiers here (from wiring), so the loop never reads loyalty's tables. */
export function registerServiceLevel(fn: ServiceLevelSource): void {
  source = fn;
}

export function serviceLevelOf(ctx: Pick<Ctx, 'db'>, customerId: string): Promise<ServiceLevel | null> {
  return source ? source(ctx, customerId) : Promise.resolve(null);
}
