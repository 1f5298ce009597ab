import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { LEGACY_PASSWORD, loadEmbeddedPostgres } from '../kernel/db/embedded.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-serve-'));
// As root, PostgreSQL runs as the postgres user, which must be able to enter the folder.
fs.chmodSync(dataDir, 0o755);
const children: ChildProcess[] = [];
// initdb and a few server starts and stops: slow on a busy shared machine.
const SERVER_TEST_MS = 180_000;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** `detached` puts the CLI in a process group of its own, as a shell does for a foreground job. */
function tenure(args: string[], env: Record<string, string>, opts: { detached?: boolean } = {}) {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  const child = spawn(process.execPath, ['src/cli/main.ts', ...args], {
    cwd: root,
    env: { ...base, TENURE_DATA_DIR: dataDir, TENURE_LOG_LEVEL: 'warn', ...env },
    detached: opts.detached,
  });
  return watch(child);
}

function watch(child: ChildProcess) {
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const waitFor = async (re: RegExp, ms = 90_000) => {
    const until = Date.now() + ms;
    while (!re.test(out)) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`never saw ${re}; output:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, output: () => out, exited, waitFor };
}

const extraDirs: string[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of [dataDir, ...extraDirs]) {
    const pid = postmasterPid(d);
    if (pid) process.kill(pid, 'SIGINT');
    fs.rmSync(d, { recursive: true, force: true });
  }
});

function postmasterPid(dir: string): number | undefined {
  try {
    return Number(fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Connects as the embedded superuser with `password`; returns the error code when refused. */
async function connectAs(port: string, password: string): Promise<string> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port: Number(port),
    user: 'postgres',
    password,
    database: 'tenure',
  });
  try {
    await client.connect();
    await client.end();
    return 'ok';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

describe('tenure serve with the embedded database', () => {
  it(
    'starts from nothing, shares its database with CLI commands, stops cleanly and keeps data',
    async () => {
      const env = { PORT: String(await freePort()), TENURE_PG_PORT: String(await freePort()) };
      const first = tenure(['serve'], env);
      await first.waitFor(/Tenure is running/);
      await first.waitFor(/No staff users yet/);
      const base = `http://127.0.0.1:${env.PORT}`;
      expect(await (await fetch(`${base}/api/health`)).json()).toMatchObject({ status: 'ok' });
      expect((await fetch(`${base}/api/docs`)).status).toBe(200);

      const create = tenure(
        [
          'user',
          'create',
          '--email',
          'first@example.com',
          '--password',
          'a-long-password',
          '--role',
          'admin',
        ],
        env,
      );
      expect(await create.exited).toBe(0);
      expect(create.output()).toMatch(/Created admin first@example.com/);

      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

      const second = tenure(['serve'], env, { detached: true });
      await second.waitFor(/Tenure is running/);
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'first@example.com', password: 'a-long-password' }),
      });
      expect(login.status).toBe(200);
      expect(second.output()).not.toMatch(/No staff users yet/);
      // Ctrl-C in a terminal signals the whole foreground process group, not just Node. The
      // embedded PostgreSQL used to be in that group and stop first, under the server's feet.
      process.kill(-(second.child.pid as number), 'SIGINT');
      expect(await second.exited).toBe(0);
      expect(second.output()).toMatch(/Tenure stopped\./);
      expect(second.output()).not.toMatch(/\n\s+at |Error|unclean/);
      expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    },
    SERVER_TEST_MS,
  );

  it(
    'gives each install its own database password, owner-readable only; the old fixed one is refused',
    async () => {
      const env = { PORT: String(await freePort()), TENURE_PG_PORT: String(await freePort()) };
      const run = tenure(['serve'], env);
      await run.waitFor(/Tenure is running/);
      const file = path.join(dataDir, 'pg-password');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const password = fs.readFileSync(file, 'utf8').trim();
      expect(password.length).toBeGreaterThanOrEqual(32);
      expect(await connectAs(env.TENURE_PG_PORT, LEGACY_PASSWORD)).toBe('28P01');
      expect(await connectAs(env.TENURE_PG_PORT, password)).toBe('ok');

      // A locked-out admin gets a new password from the command line, against the running server.
      const reset = tenure(
        ['user', 'reset-password', '--email', 'first@example.com', '--password', 'a-new-long-password'],
        env,
      );
      expect(await reset.exited).toBe(0);
      expect(reset.output()).toMatch(/Password reset for first@example.com/);
      const login = await fetch(`http://127.0.0.1:${env.PORT}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'first@example.com', password: 'a-new-long-password' }),
      });
      expect(login.status).toBe(200);

      // Killed outright, Tenure leaves its postmaster running; the next start stops it and starts
      // afresh, and then stops what it started.
      const orphan = postmasterPid(dataDir) as number;
      run.child.kill('SIGKILL');
      await run.exited;
      expect(alive(orphan)).toBe(true);
      const next = tenure(['serve'], env);
      await next.waitFor(/Tenure is running/);
      expect(alive(orphan)).toBe(false);
      const adopted = postmasterPid(dataDir) as number;
      expect(adopted).not.toBe(orphan);
      next.child.kill('SIGTERM');
      expect(await next.exited).toBe(0);
      expect(alive(adopted)).toBe(false);
      expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    },
    SERVER_TEST_MS,
  );

  it(
    'moves an install made with the old fixed password to its own on the first start',
    async () => {
      const legacyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-legacy-'));
      fs.chmodSync(legacyDir, 0o755);
      extraDirs.push(legacyDir);
      const pgPort = await freePort();
      // The data folder as the old code made it: superuser password fixed in the source.
      const EmbeddedPostgres = await loadEmbeddedPostgres();
      const old = new EmbeddedPostgres({
        databaseDir: path.join(legacyDir, 'pg'),
        port: pgPort,
        user: 'postgres',
        password: LEGACY_PASSWORD,
        persistent: true,
        authMethod: 'scram-sha-256',
        initdbFlags: ['--encoding=UTF8', '--locale=C'],
        postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
        createPostgresUser: process.getuid?.() === 0,
        onLog: () => {},
        onError: () => {},
      });
      await old.initialise();
      expect(fs.existsSync(path.join(legacyDir, 'pg-password'))).toBe(false);

      const env = {
        PORT: String(await freePort()),
        TENURE_PG_PORT: String(pgPort),
        TENURE_DATA_DIR: legacyDir,
      };
      const run = tenure(['serve'], env);
      await run.waitFor(/Tenure is running/);
      const password = fs.readFileSync(path.join(legacyDir, 'pg-password'), 'utf8').trim();
      expect(await connectAs(env.TENURE_PG_PORT, LEGACY_PASSWORD)).toBe('28P01');
      expect(await connectAs(env.TENURE_PG_PORT, password)).toBe('ok');
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    },
    SERVER_TEST_MS,
  );

  it('says clearly when the embedded database port is taken', async () => {
    const blocker = net.createServer();
    const pgPort = await freePort();
    await new Promise<void>((r) => blocker.listen(pgPort, '127.0.0.1', r));
    const run = tenure(['serve'], { PORT: String(await freePort()), TENURE_PG_PORT: String(pgPort) });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(new RegExp(`Port ${pgPort} .*already in use`));
    expect(run.output()).toMatch(/DATABASE_URL/);
    blocker.close();
  });
});
