import { CompiledQuery, type Transaction } from 'kysely';
import { PgBoss, type SendOptions } from 'pg-boss';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';

/**
 * A typed, durable job: pg-boss keeps it in PostgreSQL, retries it, and runs it on any worker
 * process. Handlers must be idempotent: a crash after the work but before completion reruns it.
 * `Ctx` is generic here so the kernel does not depend on the context type that contains it.
 */
export type JobDef<T, C = unknown> = {
  name: string;
  /** Cron expression (UTC) when the job also runs on a schedule. */
  cron?: string;
  retryLimit?: number;
  /** How many jobs one worker takes at a time. */
  batchSize?: number;
  /** How many batches one process works on at once (default 1). */
  localConcurrency?: number;
  /**
   * At most this many jobs of one group (the `group` a job was sent with) run at once, across
   * every worker process: one slow destination cannot take all the slots.
   */
  groupConcurrency?: number;
  /** Seconds a job may run before it counts as crashed and is retried (pg-boss default 900). */
  expireInSeconds?: number;
  /** Wake workers by LISTEN/NOTIFY the moment a job is committed, instead of at the next poll. */
  notify?: boolean;
  /** Seconds between polls (pg-boss default 2, at least 0.5); the floor when a NOTIFY is missed. */
  pollingIntervalSeconds?: number;
  handle: (ctx: C, data: T) => Promise<unknown>;
  /**
   * When set, the jobs a worker takes together (`batchSize`) are handled in one call, so their
   * reads can be batched; they complete or fail (and are retried) together.
   */
  handleBatch?: (ctx: C, data: T[]) => Promise<unknown>;
};

export type Queue = {
  /** Enqueue a job; with `trx`, the job exists only if that transaction commits (an outbox). */
  send<T>(
    job: JobDef<T, never>,
    data: T,
    opts?: SendOptions & { trx?: Transaction<Database> },
  ): Promise<string | null>;
  /**
   * Enqueue many jobs of one kind in one statement (pg-boss `insert`, with the queue's settings);
   * with `trx`, they exist only if that transaction commits, like `send`.
   */
  sendMany<T>(
    job: JobDef<T, never>,
    jobs: { data: T; startAfter?: Date }[],
    opts?: { trx?: Transaction<Database> },
  ): Promise<void>;
  /** Start working on these jobs in this process (the worker role). */
  work<C>(ctx: C, jobs: JobDef<never, C>[]): Promise<void>;
  stop(): Promise<void>;
};

/** pg-boss runs its statement on the caller's transaction: the outbox. */
const inTransaction = (trx: Transaction<Database>) => ({
  executeSql: async (text: string, values?: unknown[]) => {
    const r = await trx.executeQuery(CompiledQuery.raw(text, values ?? []));
    return { rows: r.rows as never[] };
  },
});

const created = new WeakMap<PgBoss, Set<string>>();

async function ensureQueue(boss: PgBoss, job: JobDef<never, never>) {
  const names = created.get(boss) ?? new Set();
  created.set(boss, names);
  if (names.has(job.name)) return;
  await boss.createQueue(job.name, {
    retryLimit: job.retryLimit ?? 3,
    retryBackoff: true,
    ...(job.expireInSeconds && { expireInSeconds: job.expireInSeconds }),
    ...(job.notify && { notify: true }),
  });
  names.add(job.name);
}

export async function startQueue(
  log: Logger,
  url: string,
  opts: {
    maintenance?: boolean;
    /** How often crashed (expired) jobs are detected and retried; pg-boss checks every 60 s by default. */
    superviseIntervalSeconds?: number;
  } = {},
): Promise<Queue> {
  const maintenance = opts.maintenance ?? true;
  const boss = new PgBoss({
    connectionString: url,
    schema: 'pgboss',
    application_name: 'tenure-jobs',
    max: 4,
    supervise: maintenance,
    schedule: maintenance,
    // Queues that opt in (`notify` on the job) wake workers at commit: latency-critical jobs.
    useListenNotify: true,
    ...(opts.superviseIntervalSeconds && {
      superviseIntervalSeconds: opts.superviseIntervalSeconds,
      monitorIntervalSeconds: opts.superviseIntervalSeconds,
    }),
  });
  let stopping = false;
  boss.on('error', (err) => {
    const code = (err as { code?: string }).code;
    // While stopping, the database may close pg-boss's last sockets a moment before pg-boss does:
    // "terminating connection due to administrator command" then is the shutdown, not a fault.
    if (stopping && code === '57P01') return log.debug({ code }, 'job queue connection closed by shutdown');
    // Message and code only: pg errors carry the whole client (connection settings) otherwise.
    log.error({ err: { message: err.message, code, stack: err.stack } }, 'job queue error');
  });
  await boss.start();
  return {
    async send(job, data, o = {}) {
      await ensureQueue(boss, job as JobDef<never, never>);
      const { trx, ...sendOpts } = o;
      if (trx) sendOpts.db = inTransaction(trx);
      return boss.send(job.name, data as object, sendOpts);
    },
    async sendMany(job, jobs, o = {}) {
      if (jobs.length === 0) return;
      await ensureQueue(boss, job as JobDef<never, never>);
      await boss.insert(
        job.name,
        jobs.map((j) => ({ data: j.data as object, ...(j.startAfter && { startAfter: j.startAfter }) })),
        o.trx ? { db: inTransaction(o.trx) } : {},
      );
    },
    async work(ctx, jobs) {
      for (const job of jobs) {
        await ensureQueue(boss, job as JobDef<never, never>);
        if (job.cron) await boss.schedule(job.name, job.cron, {});
        await boss.work(
          job.name,
          {
            batchSize: job.batchSize ?? 1,
            localConcurrency: job.localConcurrency ?? 1,
            ...(job.groupConcurrency && { groupConcurrency: job.groupConcurrency }),
            ...(job.pollingIntervalSeconds && {
              pollingIntervalSeconds: job.pollingIntervalSeconds,
              // With NOTIFY on, pg-boss otherwise polls only every 30 s and a missed wake-up stalls.
              notifyPollingIntervalSeconds: job.pollingIntervalSeconds,
            }),
          },
          async (batch) => {
            if (job.handleBatch && batch.length > 1) {
              const result = await job.handleBatch(
                ctx,
                batch.map((j) => j.data as never),
              );
              log.info({ job: job.name, ids: batch.map((j) => j.id), result }, 'job batch done');
              return;
            }
            for (const j of batch) {
              const result = await job.handle(ctx, j.data as never);
              log.info({ job: job.name, id: j.id, result }, 'job done');
            }
          },
        );
      }
    },
    stop: () => {
      stopping = true;
      return boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
