import { defineJob } from '../../../kernel/context.ts';
import type { InteractionListener } from '../../customers/index.ts';
import { evaluateTiers } from './evaluate-tiers.ts';

/** Re-evaluates the named customers: a purchase just moved their spend. */
export const evaluateCustomerTiersJob = defineJob<{ customerIds: string[] }>({
  name: 'loyalty.evaluate-customer-tiers',
  notify: true,
  handle: async (ctx, data) => {
    await evaluateTiers(ctx, { customerIds: data.customerIds });
  },
});

export const TIER_BATCH = 50_000;

/**
 * Every night, every customer, a page at a time (one transaction per page, so a crash loses one
 * page's work and a rerun finishes it: evaluation is idempotent). Downgrades happen here.
 */
export const evaluateAllTiersJob = defineJob<Record<string, never>>({
  name: 'loyalty.evaluate-all-tiers',
  cron: '30 2 * * *',
  expireInSeconds: 3600,
  handle: async (ctx) => {
    let after: string | null = null;
    for (;;) {
      const r = await evaluateTiers(ctx, { after, limit: TIER_BATCH });
      if (r.seen < TIER_BATCH || !r.last) break;
      after = r.last;
    }
  },
});

/** A recorded purchase or refund queues its customers' re-evaluation with the ingest transaction. */
export const tierPurchaseListener: InteractionListener = async (ctx, trx, recorded) => {
  const ids = [
    ...new Set(recorded.filter((r) => r.kind === 'purchase' || r.kind === 'refund').map((r) => r.customerId)),
  ];
  const jobs: { data: { customerIds: string[] } }[] = [];
  for (let i = 0; i < ids.length; i += 500) jobs.push({ data: { customerIds: ids.slice(i, i + 500) } });
  await ctx.queue.sendMany(evaluateCustomerTiersJob, jobs, { trx });
};
