import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';

/** How long a run's lease lasts without renewal. Long enough to cover the longest synchronous fit. */
export const LEASE_SECONDS = 300;
/** How often a live run renews its lease (and looks whether it was cancelled). */
export const RENEW_EVERY_MS = 20_000;

/** Thrown inside a run once it has been cancelled (`tenure score --cancel`, the API, Ctrl-C). */
export class RunCancelled extends Error {
  constructor(runId: string) {
    super(`Scoring run ${runId} was cancelled`);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Starts a run: under an advisory lock, marks failed every 'running' run whose lease has expired
 * or whose process on this machine is gone, refuses if a live run remains, and inserts the new
 * run holding a fresh lease.
 */
export async function claimRun(
  ctx: Pick<Ctx, 'db'>,
  run: { through: string; trigger: string },
): Promise<string> {
  const runId = randomUUID();
  const host = hostname();
  await ctx.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('insight_run'))`.execute(trx);
    const running = await trx
      .selectFrom('insight_run')
      .select(['id', 'host', 'pid', sql<boolean>`lease_until is null or lease_until < now()`.as('expired')])
      .where('status', '=', 'running')
      .execute();
    for (const r of running) {
      const gone = r.expired || (r.host === host && r.pid !== null && !processAlive(r.pid));
      if (!gone) throw new AppError('conflict', `Scoring run ${r.id} is still running`);
      await trx
        .updateTable('insight_run')
        .set({
          status: 'failed',
          finished_at: new Date(),
          error: r.expired
            ? 'Its process stopped renewing the lease (killed or crashed)'
            : `Its process (pid ${r.pid} on ${r.host}) is gone (killed or crashed)`,
        })
        .where('id', '=', r.id)
        .execute();
    }
    await trx
      .insertInto('insight_run')
      .values({
        id: runId,
        through_date: run.through,
        trigger: run.trigger,
        timings: '{}',
        host,
        pid: process.pid,
        lease_until: sql<Date>`now() + make_interval(secs => ${LEASE_SECONDS})`,
      })
      .execute();
  });
  return runId;
}

/** Extends the lease; throws RunCancelled when the run is no longer 'running' (cancelled meanwhile). */
export async function renewLease(ctx: Pick<Ctx, 'db'>, runId: string): Promise<void> {
  const row = await ctx.db
    .updateTable('insight_run')
    .set({ lease_until: sql<Date>`now() + make_interval(secs => ${LEASE_SECONDS})` })
    .where('id', '=', runId)
    .where('status', '=', 'running')
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new RunCancelled(runId);
}
