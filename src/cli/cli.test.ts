import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyJson, startTestApp, type TestApp } from '../../test/helpers.ts';

// The command line as a person runs it: the real CLI in its own process, against this test
// file's database, with no terminal (so progress comes as plain lines).

const root = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-cli-'));
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function tenure(args: string[], env: Record<string, string> = {}) {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  const child = spawn(process.execPath, ['src/cli/main.ts', ...args], {
    cwd: root,
    env: { ...base, DATABASE_URL: t.dbUrl, TENURE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

const count = async (query: ReturnType<typeof sql<{ n: number }>>) =>
  Number((await query.execute(t.ctx.db)).rows[0]?.n);

describe('tenure when the database cannot be reached', () => {
  it('says where it looked and what to check, without a stack trace or the password', async () => {
    const port = await closedPort();
    const r = await tenure(['apikey', 'create', '--name', 'x', '--scopes', 'read'], {
      DATABASE_URL: `postgres://tenure:s3cret@127.0.0.1:${port}/tenure`,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `tenure: Cannot reach the database at postgres://tenure:***@127.0.0.1:${port}/tenure: nothing is listening there.`,
    );
    expect(r.stderr).toMatch(/DATABASE_URL points there/);
    expect(r.stderr).not.toMatch(/s3cret|Cannot read properties|\n\s+at /);
  });
});

describe('bulk loads from the command line', () => {
  it('tenure import records history without queueing real-time rule evaluations; the server does queue them', async () => {
    const rule = await t.api('/api/v1/rules', {
      method: 'POST',
      json: { key: 'any-ticket', name: 'Any ticket', trigger: 'event', severity: 'low', condition: 'true' },
    });
    expect(rule.status).toBe(201);
    const file = path.join(tmp, 'tickets.csv');
    fs.writeFileSync(
      file,
      'externalId,sourceId,occurredAt,channel,kind\nC-1,t-1,2026-01-02T10:00:00Z,email,ticket\nC-2,t-2,2026-01-03T10:00:00Z,email,ticket\n',
    );
    const evaluations = () =>
      count(
        sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'loop.evaluate-events'`,
      );

    const r = await tenure(['import', 'interactions', file]);
    // No terminal: progress as plain lines, no control codes.
    expect(r.stderr).toMatch(/^Importing interactions: 0% \(0\/\d+ bytes\)/);
    expect(r.stderr).toMatch(/Importing interactions: 100% \(\d+\/\d+ bytes\) \| 2 rows/);
    expect(r.stderr).not.toMatch(/\u001b/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/accepted\s+2/);
    expect(
      await count(sql<{ n: number }>`select count(*)::int as n from interaction where source = 'tickets'`),
    ).toBe(2);
    expect(await evaluations()).toBe(0);

    // A clean re-run removes an old rejects file, but only a regular one: a pipe, or /dev/null as
    // `--rejects`, is left alone (removing /dev/null once broke every process on the machine).
    const fifo = path.join(tmp, 'rejects.fifo');
    execFileSync('mkfifo', [fifo]);
    const again = await tenure(['import', 'interactions', file, '--rejects', fifo]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/duplicates?\s+2/);
    expect(fs.statSync(fifo).isFIFO()).toBe(true);

    // A ticket through the running server's API is evaluated in real time when a rule can match
    // it (a fresh complaint; an old or ordinary ticket is decided at ingest and not queued).
    const live = await t.api('/api/v1/events', {
      method: 'POST',
      json: {
        events: [
          {
            externalId: 'C-1',
            source: 'desk',
            sourceId: 't-3',
            channel: 'email',
            kind: 'ticket',
            occurredAt: new Date().toISOString(),
            properties: { type: 'complaint' },
          },
        ],
      },
    });
    expect(live.status).toBe(200);
    expect(await evaluations()).toBe(1);

    // Scoring from the command line without a terminal says what it is doing, phase by phase.
    const scored = await tenure(['score', '--through', '2026-01-31']);
    expect(scored.code).toBe(0);
    expect(scored.stdout).toMatch(/^Scored 2 customers as of 2026-01-31/);
    expect(scored.stderr).toMatch(/Fitting models…\n/);
    expect(scored.stderr).toMatch(/Scoring customers: 100% \(2\/2 customers\)/);
  });
});

describe('tenure demo', () => {
  const staffCount = () => count(sql<{ n: number }>`select count(*)::int as n from staff`);

  it('refuses a wrong --cdnow before creating anyone', async () => {
    const empty = path.join(tmp, 'no-cdnow-here');
    fs.mkdirSync(empty);
    const missing = await tenure(['demo', '--cdnow', empty]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`${path.join(empty, 'CDNOW_master.txt')}: no such file`);

    const wrong = path.join(tmp, 'wrong');
    fs.mkdirSync(wrong);
    fs.writeFileSync(path.join(wrong, 'CDNOW_master.txt'), '00001 19970101 1 11.77\n00001 not-a-date 1 3\n');
    const bad = await tenure(['demo', '--cdnow', wrong]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/line 2 is not "customer_id YYYYMMDD/);
    expect(await staffCount()).toBe(0);
  });

  it('loads, reports progress as plain lines, ends with scores, and a re-run can reset the staff passwords', async () => {
    const r = await tenure(['demo', '--cdnow', path.join(root, 'data', 'cdnow'), '--customers', '150']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Loading demo: 0% \(0\/150 customers\) \| 0 touchpoints$/m);
    expect(r.stderr).toMatch(/^Loading demo: 100% \(150\/150 customers\)/m);
    expect(r.stderr).toMatch(/^Scoring: 100% \(([\d,]+)\/\1 customers\)$/m);
    expect(r.stderr).not.toMatch(/\u001b\[/);
    // Every customer in the database is scored, the 150 demo ones among them: health filters work.
    const printed = Number(r.stdout.match(/scored\s+([\d,]+)/)?.[1]?.replace(/,/g, ''));
    expect(printed).toBeGreaterThanOrEqual(150);
    const scored = await count(
      sql<{ n: number }>`select count(*)::int as n from insight_score where health is not null`,
    );
    expect(scored).toBe(printed);
    const unscored: AnyJson = await (await t.api('/api/v1/customers?health=unscored&limit=10')).json();
    expect(unscored.data).toHaveLength(0);
    expect(await staffCount()).toBe(5);

    const again = await tenure(['demo', '--staff-only']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/admin\s+admin@demo\.tenure\s+\(already existed; password unchanged\)/);
    expect(again.stdout).toContain('--staff-only --reset-passwords');

    const reset = await tenure(['demo', '--staff-only', '--reset-passwords']);
    expect(reset.code).toBe(0);
    const password = reset.stdout.match(/manager\s+manager@demo\.tenure\s+password: (\S+)/)?.[1];
    expect(password).toBeTruthy();
    const login = await t.api('/api/auth/login', {
      method: 'POST',
      json: { email: 'manager@demo.tenure', password },
      headers: { cookie: '' },
    });
    expect(login.status).toBe(200);
  });
});

describe('accounts made on the command line', () => {
  it('are in the audit log like those made on the admin screen, without the password or key', async () => {
    const user = await tenure([
      'user',
      'create',
      '--email',
      'cli-admin@example.com',
      '--password',
      'a-long-cli-password',
      '--role',
      'admin',
    ]);
    expect(user.code).toBe(0);
    const key = await tenure(['apikey', 'create', '--name', 'cli key', '--scopes', 'read']);
    expect(key.code).toBe(0);
    const secret = key.stdout.match(/tnr_\S+/)?.[0];
    expect(secret).toBeDefined();
    const rows = (
      await sql<{ action: string; actor_kind: string; details: AnyJson }>`
        select action, actor_kind, details from audit_log
        where action in ('staff.create', 'api-key.create') order by at`.execute(t.ctx.db)
    ).rows;
    expect(rows.map((r) => [r.action, r.actor_kind, r.details.via])).toEqual([
      ['staff.create', 'system', 'cli'],
      ['api-key.create', 'system', 'cli'],
    ]);
    expect(rows[0]?.details.email).toBe('cli-admin@example.com');
    expect(JSON.stringify(rows)).not.toContain('a-long-cli-password');
    expect(JSON.stringify(rows)).not.toContain(secret);
  });
});
