import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type Clock, DAY_MS, systemClock } from '../src/kernel/clock.ts';
import { type Config, loadConfig } from '../src/kernel/config.ts';
import type { Ctx } from '../src/kernel/context.ts';
import { createDb } from '../src/kernel/db/pool.ts';
import { startQueue } from '../src/kernel/jobs/queue.ts';
import { createLogger } from '../src/kernel/log.ts';
import { getMailer } from '../src/kernel/mail.ts';
import { createApiKey, createStaff } from '../src/modules/staff/index.ts';
import { wireModules } from '../src/wiring.ts';

// Tests run the modules as `tenure serve` does: wired to each other, real-time listeners on.
wireModules({ realTime: true });

const withDb = (url: string, database: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

/** A fresh database cloned from the migrated template; dropped again by `drop`. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('adminUrl');
  const name = `tenure_t_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Cloning needs the template to be idle; the lock keeps parallel files from colliding.
  await admin.query('select pg_advisory_lock(727274)');
  try {
    await admin.query(`create database ${name} template ${inject('templateDb')}`);
  } finally {
    await admin.query('select pg_advisory_unlock(727274)');
    await admin.end();
  }
  return {
    url: withDb(adminUrl, name),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Tests inspect arbitrary JSON answers; assertions, not types, check their shape. */
export type AnyJson = any;
export type TestResponse = Omit<Response, 'json'> & { json(): Promise<AnyJson> };

export type TestApp = {
  ctx: Ctx;
  app: FastifyInstance;
  url: string;
  dbUrl: string;
  adminKey: string;
  /** fetch against the running server with the admin API key unless headers say otherwise. */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<TestResponse>;
  close(): Promise<void>;
};

/** A real Tenure HTTP server on a random port, over its own real database. */
export async function startTestApp(opts: { clock?: Clock; config?: Partial<Config> } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  // Tests that move an injected clock days ahead are not about session timeouts: their sessions
  // last as long as the test needs, unless the test sets the timeouts itself.
  const sessions = opts.clock ? { sessionIdleMs: 365 * DAY_MS, sessionMaxMs: 365 * DAY_MS } : {};
  const config = {
    ...loadConfig({}),
    databaseUrl: database.url,
    cookieSecure: false,
    ...sessions,
    ...opts.config,
  };
  const { db } = createDb(database.url, 10);
  const log = createLogger('silent');
  const queue = await startQueue(log, database.url, { maintenance: false });
  const ctx: Ctx = { db, config, log, clock: opts.clock ?? systemClock, queue };
  const app = await buildApp(ctx, { logRequests: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address() as { port: number };
  const url = `http://127.0.0.1:${addr.port}`;
  const { key: adminKey } = await createApiKey(ctx, { name: 'test admin', scopes: ['admin'] });
  return {
    ctx,
    app,
    url,
    dbUrl: database.url,
    adminKey,
    api(path, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has('authorization') && !headers.has('cookie'))
        headers.set('authorization', `Bearer ${adminKey}`);
      // A browser names its page's origin on every change it sends with the session cookie.
      if (headers.has('cookie') && !headers.has('origin')) headers.set('origin', url);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      return fetch(url + path, { ...init, headers, body });
    },
    async close() {
      await app.close();
      // Tests that send mail point SMTP_URL at their own peer: its pooled transport goes too.
      getMailer(config).close();
      await queue.stop();
      await db.destroy();
      await database.drop();
    },
  };
}

export async function createStaffUser(ctx: Ctx, role: 'admin' | 'manager' | 'agent', email?: string) {
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const staff = await createStaff(ctx, {
    email: email ?? `${role}-${randomBytes(3).toString('hex')}@example.com`,
    password,
    role,
  });
  return { staff, password };
}

/** Signs in over HTTP and returns the Cookie header value for later requests. */
export async function logInCookie(t: TestApp, email: string, password: string): Promise<string> {
  const res = await t.api('/api/auth/login', {
    method: 'POST',
    json: { email, password },
    headers: { cookie: '' },
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0] as string;
}
