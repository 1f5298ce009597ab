import type { Ctx } from '../../../kernel/context.ts';

/** Ranks of customers who go first on call lists (loyalty tiers): higher first. */
type CallListBoost = (ctx: Pick<Ctx, 'db'>, customerIds: readonly string[]) => Promise<Map<string, number>>;

let boost: CallListBoost | null = null;

/** Registered from wiring, so outreach never reads the booster's tables. */
export function registerCallListBoost(fn: CallListBoost): void {
  boost = fn;
}

export function callListBoostOf(ctx: Pick<Ctx, 'db'>, ids: readonly string[]): Promise<Map<string, number>> {
  return boost && ids.length ? boost(ctx, ids) : Promise.resolve(new Map());
}
