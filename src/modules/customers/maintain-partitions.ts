import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { defineJob } from '../../kernel/context.ts';

/** How far ahead month partitions of the timeline exist, so ingest never waits on one. */
export const MONTHS_AHEAD = 3;

/**
 * Makes the timeline's month partitions for this month and the next MONTHS_AHEAD, and one for
 * every month that has rows in the default partition (back-filled history, dates far ahead),
 * moving those rows into it (SQL function in the customers migration
 * 20261210050000-interaction-partitions.sql). Idempotent; answers how many it made.
 */
export async function maintainPartitions(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<number> {
  const { rows } = await sql<{ made: number }>`
    select interaction_maintain_partitions(${ctx.clock.now()}, ${MONTHS_AHEAD}) as made`.execute(ctx.db);
  return rows[0]?.made ?? 0;
}

export const maintainPartitionsJob = defineJob<Record<string, never>>({
  name: 'customers.maintain-partitions',
  // Daily, before the 03:15 status refresh; a month's partition exists months before it is used.
  cron: '5 3 * * *',
  handle: (ctx) => maintainPartitions(ctx),
});
