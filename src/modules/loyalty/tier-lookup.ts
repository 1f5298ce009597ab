import type { Ctx } from '../../kernel/context.ts';

/** A customer's current loyalty tier, as earn rules and service levels see it. */
export type TierOf = { tierId: string; name: string; rank: number };

type TierLookup = (ctx: Pick<Ctx, 'db'>, customerIds: readonly string[]) => Promise<Map<string, TierOf>>;

let lookup: TierLookup = async () => new Map();

/**
 * Tiers register their lookup here (from wiring), so earn rules (`tier` in CEL) and other
 * readers do not depend on how tiers are stored. Without tiers, nobody has one.
 */
export function setTierLookup(fn: TierLookup): void {
  lookup = fn;
}

export function tiersOf(ctx: Pick<Ctx, 'db'>, customerIds: readonly string[]): Promise<Map<string, TierOf>> {
  return lookup(ctx, customerIds);
}
