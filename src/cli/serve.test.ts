import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-serve-'));
// As root, PostgreSQL runs as the postgres user, which must be able to enter the folder.
fs.chmodSync(dataDir, 0o755);
const children: ChildProcess[] = [];

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

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('tenure serve with the embedded database', () => {
  it('starts from nothing, shares its database with CLI commands, stops cleanly and keeps data', async () => {
    const env = { PORT: String(await freePort()), TENURE_PG_PORT: String(await freePort()) };
    const first = tenure(['serve'], env);
    await first.waitFor(/Tenure is running/);
    await first.waitFor(/No staff users yet/);
    const base = `http://127.0.0.1:${env.PORT}`;
    expect(await (await fetch(`${base}/api/health`)).json()).toMatchObject({ status: 'ok' });
    expect((await fetch(`${base}/api/docs`)).status).toBe(200);

    const create = tenure(
      ['user', 'create', '--email', 'first@example.com', '--password', 'a-long-password', '--role', 'admin'],
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
  });

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
