import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { defineJob } from '../../kernel/context.ts';

/** How many years after this one have their timeline partition already, so ingest never waits on one. */
export const YEARS_AHEAD = 1;

/**
 * Makes the timeline's partitions for this UTC year and the next YEARS_AHEAD, moving any rows of
 * those years out of the catch-all partition (SQL function in the customers migration
 * 20261211050000-interaction-partitions.sql). Idempotent; answers how many it made.
 */
export async function maintainPartitions(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<number> {
  const { rows } = await sql<{ made: number }>`
    select interaction_maintain_partitions(${ctx.clock.now()}, ${YEARS_AHEAD}) as made`.execute(ctx.db);
  return rows[0]?.made ?? 0;
}

export const maintainPartitionsJob = defineJob<Record<string, never>>({
  name: 'customers.maintain-partitions',
  // Daily: next year's partition exists for a year before its first event, so a missed run or a
  // lock timeout (busy ingest) is retried many times before it could matter.
  cron: '5 3 * * *',
  handle: (ctx) => maintainPartitions(ctx),
});
