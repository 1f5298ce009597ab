import { defineJob } from '../../../kernel/context.ts';
import type { InteractionListener } from '../../customers/index.ts';
import { evaluateAllTiers } from './evaluate-all-tiers.ts';
import { evaluateTiers } from './evaluate-tiers.ts';

/** Re-evaluates the named customers: a purchase just moved their spend. */
export const evaluateCustomerTiersJob = defineJob<{ customerIds: string[] }>({
  name: 'loyalty.evaluate-customer-tiers',
  notify: true,
  handle: async (ctx, data) => {
    await evaluateTiers(ctx, { customerIds: data.customerIds });
  },
});

/** Every night, every customer, pages in parallel (evaluate-all-tiers.ts). Downgrades happen here. */
export const evaluateAllTiersJob = defineJob<Record<string, never>>({
  name: 'loyalty.evaluate-all-tiers',
  cron: '30 2 * * *',
  expireInSeconds: 3600,
  handle: async (ctx) => {
    await evaluateAllTiers(ctx);
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
