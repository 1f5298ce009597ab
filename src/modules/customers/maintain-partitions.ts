import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { defineJob } from '../../kernel/context.ts';

/**
 * How long before a year starts its timeline partition is made, so that its events never wait in
 * the catch-all; no earlier, so that reads do not plan an empty partition most of the year.
 */
export const DAYS_AHEAD = 60;

/**
 * Makes the timeline's partition for this UTC year, and next year's once it is DAYS_AHEAD away,
 * moving any rows of those years out of the catch-all partition (SQL function in the customers migration
 * 20261211050000-interaction-partitions.sql). Idempotent; answers how many it made.
 */
export async function maintainPartitions(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<number> {
  const { rows } = await sql<{ made: number }>`
    select interaction_maintain_partitions(${ctx.clock.now()}, ${DAYS_AHEAD}) as made`.execute(ctx.db);
  return rows[0]?.made ?? 0;
}

export const maintainPartitionsJob = defineJob<Record<string, never>>({
  name: 'customers.maintain-partitions',
  // Daily: next year's partition exists 60 days before its first event, so a missed run or a
  // lock timeout (busy ingest) is retried many times before it could matter.
  cron: '5 3 * * *',
  handle: (ctx) => maintainPartitions(ctx),
});
