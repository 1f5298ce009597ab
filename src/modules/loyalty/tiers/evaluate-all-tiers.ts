import { availableParallelism } from 'node:os';
import type { Ctx } from '../../../kernel/context.ts';
import { splitCustomerIds } from '../../customers/index.ts';
import { evaluateTiers } from './evaluate-tiers.ts';

/** Customers per page: one transaction each, so a crash loses one page's work. */
export const TIER_PAGE = 50_000;

/**
 * Pages at once. A page is one backend's CPU work in PostgreSQL (the app only waits), so one per
 * core keeps the machine busy; more only queue behind each other. Bounded by the pool, less one
 * connection for the rest of the app.
 */
export function tierConcurrency(ctx: Pick<Ctx, 'config'>): number {
  return Math.max(1, Math.min(8, availableParallelism(), ctx.config.dbPoolSize - 1));
}

/**
 * Re-evaluates every customer's tier: customers cut into ranges of ids (TIER_PAGE each), ranges
 * evaluated `concurrency` at a time, each in its own transaction on its own connection (ranges are
 * disjoint, so pages never wait on each other's rows). Evaluation is idempotent: a rerun after a
 * crash finishes the pages that were lost.
 */
export async function evaluateAllTiers(
  ctx: Ctx,
  opts: { pageSize?: number; concurrency?: number } = {},
): Promise<{ seen: number; changes: number; pages: number }> {
  const ranges = await splitCustomerIds(ctx, opts.pageSize ?? TIER_PAGE);
  const total = { seen: 0, changes: 0, pages: ranges.length };
  let next = 0;
  const worker = async () => {
    for (let range = ranges[next++]; range; range = ranges[next++]) {
      const r = await evaluateTiers(ctx, range);
      total.seen += r.seen;
      total.changes += r.changes.length;
    }
  };
  const n = Math.min(opts.concurrency ?? tierConcurrency(ctx), ranges.length);
  await Promise.all(Array.from({ length: n }, worker));
  return total;
}
