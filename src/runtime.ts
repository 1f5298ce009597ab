import { systemClock } from './kernel/clock.ts';
import type { Config } from './kernel/config.ts';
import type { Ctx } from './kernel/context.ts';
import { checkReachable } from './kernel/db/check-reachable.ts';
import { startEmbeddedPostgres } from './kernel/db/embedded.ts';
import { migrate } from './kernel/db/migrate.ts';
import { createDb } from './kernel/db/pool.ts';
import { startQueue } from './kernel/jobs/queue.ts';
import { createLogger, type Logger } from './kernel/log.ts';

export type Runtime = { ctx: Ctx; url: string; close(): Promise<void> };

/**
 * Opens the database (DATABASE_URL, or the embedded PostgreSQL under the data folder), applies
 * migrations, and returns the context every command works with. `close` stops what it started.
 */
export async function openRuntime(
  config: Config,
  opts: { log?: Logger; migrate?: boolean; poolSize?: number; queueMaintenance?: boolean } = {},
): Promise<Runtime> {
  const log = opts.log ?? createLogger(config.logLevel);
  let url = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPgPort,
      database: 'tenure',
      log: (line) => log.info(line),
    });
    url = embedded.url;
    stopEmbedded = embedded.stop;
    log.info({ dataDir: config.dataDir, port: config.embeddedPgPort }, 'embedded PostgreSQL running');
  } else {
    await checkReachable(
      url,
      'DATABASE_URL points there: check that PostgreSQL runs and accepts connections, or unset\n' +
        'DATABASE_URL to use the embedded database under TENURE_DATA_DIR.',
    );
  }
  const { db } = createDb(url, opts.poolSize ?? config.dbPoolSize);
  try {
    if (opts.migrate !== false) {
      const applied = await migrate(db);
      if (applied.length) log.info({ applied }, 'migrations applied');
    }
  } catch (err) {
    await db.destroy();
    await stopEmbedded?.();
    throw err;
  }
  const queue = await startQueue(log, url, { maintenance: opts.queueMaintenance ?? false });
  const ctx: Ctx = { db, config, log, clock: systemClock, queue };
  return {
    ctx,
    url,
    async close() {
      await queue.stop();
      await db.destroy();
      await stopEmbedded?.();
    },
  };
}
