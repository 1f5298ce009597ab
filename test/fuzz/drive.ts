/**
 * Runs the fuzzer's requests against a real server process started with the shipped 256 MB heap
 * (bench/server-process.ts), as every kind of caller: admin, manager and agent sessions, API keys
 * of each scope, a made-up key, and no credentials at all.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import fc from 'fast-check';
import { type ServerProcess, startServer } from '../../bench/server-process.ts';
import type { Db } from '../../src/kernel/db/pool.ts';
import { type Role, type Scope, scopes } from '../../src/kernel/http/access.ts';
import { createApiKey, createStaff } from '../../src/modules/staff/index.ts';
import {
  type Answer,
  type Plan,
  planArbitrary,
  problemWith,
  toWire,
  uuidsIn,
  type Wire,
} from './requests.ts';

type Caller = { name: string; headers: Record<string, string>; renew?: () => Promise<void> };

export type FuzzTarget = {
  server: ServerProcess;
  callers: Caller[];
  pool: string[];
  doc: any;
  send(wire: Wire, from?: number): Promise<Answer>;
  /** Signs callers in again when the fuzzer logged them out or revoked their key. */
  renewCallers(): Promise<void>;
  stop(): Promise<void>;
};

const agents = new Map<number, http.Agent>();
/** Each request comes from one of 200 loopback addresses, so per-address limits do not mute the run. */
const agentFor = (n: number) => {
  const i = n % 200;
  let a = agents.get(i);
  if (!a) {
    a = new http.Agent({
      keepAlive: true,
      localAddress: `127.0.${1 + Math.floor(i / 250)}.${2 + (i % 250)}`,
    });
    agents.set(i, a);
  }
  return a;
};

export function sendTo(baseUrl: string, wire: Wire, from = 0, timeoutMs = 30_000): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    let req: http.ClientRequest;
    try {
      req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: wire.path,
          method: wire.method,
          agent: agentFor(from),
          headers: { ...wire.headers, ...(wire.body ? { 'content-length': String(wire.body.length) } : {}) },
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              contentType: String(res.headers['content-type'] ?? ''),
              body: Buffer.concat(parts).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
    } catch (err) {
      // Node refuses to send some paths at all (unescaped characters): nothing to test there.
      return resolve({ status: -1, contentType: '', body: String(err) });
    }
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(wire.body);
  });
}

let logins = 1000;

async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: '/api/auth/login',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // Sign-in is limited per address: each renewal comes from another one.
        agent: agentFor(logins++),
      },
      (r) => {
        r.resume();
        const cookie = [r.headers['set-cookie'] ?? []].flat()[0]?.split(';')[0];
        if (r.statusCode === 200 && cookie) resolve(cookie);
        else reject(new Error(`login as ${email} failed: ${r.statusCode}`));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ email, password }));
  });
}

/** Starts the server over `db` (already migrated), with a caller of every kind and some data to aim at. */
export async function startFuzzTarget(databaseUrl: string, db: Db): Promise<FuzzTarget> {
  const server = await startServer(databaseUrl);
  const base = server.url;
  const send = (wire: Wire, from = 0) => sendTo(base, wire, from);
  const callers: Caller[] = [];
  const suffix = randomBytes(3).toString('hex');
  for (const role of ['admin', 'manager', 'agent'] as Role[]) {
    const email = `fuzz-${role}-${suffix}@example.com`;
    const password = `pw-${randomBytes(8).toString('hex')}`;
    await createStaff({ db }, { email, password, role, name: `Fuzz ${role}` });
    const caller: Caller = { name: role, headers: {} };
    caller.renew = async () => {
      caller.headers = { cookie: await login(base, email, password) };
    };
    await caller.renew();
    callers.push(caller);
  }
  for (const scope of scopes as readonly Scope[]) {
    const caller: Caller = { name: `key:${scope}`, headers: {} };
    caller.renew = async () => {
      const { key } = await createApiKey({ db }, { name: `fuzz ${scope}`, scopes: [scope] });
      caller.headers = { authorization: `Bearer ${key}` };
    };
    await caller.renew();
    callers.push(caller);
  }
  callers.push({ name: 'made-up key', headers: { authorization: 'Bearer tnr_made_up_key' } });
  callers.push({ name: 'anonymous', headers: {} });
  const admin = callers.find((c) => c.name === 'key:admin') as Caller;
  const json = (method: string, path: string, body?: unknown) =>
    send({
      method,
      path,
      headers: { ...admin.headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? Buffer.from(JSON.stringify(body)) : undefined,
    });

  // Something to aim at: customers with a timeline, a live survey with an anonymous form, a team.
  await json('POST', '/api/v1/events', {
    events: Array.from({ length: 20 }, (_, i) => ({
      externalId: `fuzz-${i}`,
      sourceId: `fuzz-seed-${i}`,
      channel: i % 2 ? 'web' : 'email',
      kind: i % 3 ? 'visit' : 'purchase',
      occurredAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
      traits: { name: `Fuzz Customer ${i}`, emails: [`fuzz${i}@example.com`] },
      ...(i % 3 ? {} : { amount: { minor: 1000 + i, currency: 'EUR' } }),
    })),
  });
  await json('POST', '/api/v1/surveys', {
    name: 'Fuzz survey',
    title: 'How are we doing?',
    anonymousForm: true,
    questions: [
      { id: 'nps', type: 'nps', text: 'Recommend us?' },
      { id: 'why', type: 'text', text: 'Why?' },
    ],
  });
  await json('POST', '/api/v1/teams', { name: 'Fuzz team' });
  const pool = new Set<string>();
  for (const path of [
    '/api/v1/customers',
    '/api/v1/surveys',
    '/api/v1/rules',
    '/api/v1/cases?status=all',
    '/api/v1/teams',
    '/api/v1/staff',
    '/api/v1/loop/playbooks',
  ]) {
    for (const id of uuidsIn((await json('GET', path)).body)) pool.add(id);
  }
  const docRes = await send({ method: 'GET', path: '/api/openapi.json', headers: {} });
  return {
    server,
    callers,
    pool: [...pool],
    doc: JSON.parse(docRes.body),
    send,
    async renewCallers() {
      for (const c of callers) {
        if (!c.renew) continue;
        const me = await send({ method: 'GET', path: '/api/auth/me', headers: c.headers });
        // A caller that cannot be renewed right now (throttled) is tried again after the next chunk.
        if (me.status === 401) await c.renew().catch(() => undefined);
      }
    },
    stop: () => server.stop(),
  };
}

export type FuzzStats = {
  sent: number;
  byStatus: Record<string, number>;
  serverErrors: number;
  problems: { problem: string; request: string }[];
  connectionErrors: number;
};

/** A short, replayable description of a request for a failure report. */
export const describeWire = (w: Wire) =>
  `${w.method} ${w.path.slice(0, 300)} ${JSON.stringify(w.headers)} ${w.body ? w.body.subarray(0, 300).toString('utf8') : ''}`;

/** Sends one plan, records what came back, and learns ids from successful answers. */
export async function runPlan(
  t: FuzzTarget,
  plan: Plan,
  stats: FuzzStats,
  from: number,
): Promise<string | undefined> {
  const caller = t.callers[plan.principal % t.callers.length] as Caller;
  const wire = toWire(plan, caller.headers, t.pool);
  let answer: Answer;
  try {
    answer = await t.send(wire, from);
  } catch (err) {
    // The server may close a connection on a body it refused before reading it; it must still answer.
    stats.connectionErrors++;
    const health = await t
      .send({ method: 'GET', path: '/api/health', headers: {} }, from + 1)
      .catch(() => undefined);
    if (health?.status !== 200) {
      const problem = `server stopped answering after ${String(err)}`;
      stats.problems.push({ problem, request: describeWire(wire) });
      return problem;
    }
    return undefined;
  }
  if (answer.status === -1) return undefined;
  stats.sent++;
  stats.byStatus[answer.status] = (stats.byStatus[answer.status] ?? 0) + 1;
  if (answer.status >= 500) stats.serverErrors++;
  if (answer.status >= 200 && answer.status < 300 && t.pool.length < 5000)
    for (const id of uuidsIn(answer.body.slice(0, 20_000))) if (!t.pool.includes(id)) t.pool.push(id);
  const problem = problemWith(wire, answer);
  // Every 5xx is kept (there should be none); other problems only as samples.
  if (problem && (answer.status >= 500 || stats.problems.length < 50))
    stats.problems.push({ problem, request: describeWire(wire) });
  return problem;
}

export const newStats = (): FuzzStats => ({
  sent: 0,
  byStatus: {},
  serverErrors: 0,
  problems: [],
  connectionErrors: 0,
});

/** `count` requests, `concurrency` at a time, generated in seeded chunks so memory stays flat. */
export async function fuzz(
  t: FuzzTarget,
  opts: { count: number; seed: number; concurrency: number; onProgress?: (s: FuzzStats) => void },
): Promise<FuzzStats> {
  const stats = newStats();
  const arb = planArbitrary(t.doc, t.callers.length);
  const chunk = 200;
  for (let done = 0, round = 0; done < opts.count; round++) {
    const n = Math.min(chunk, opts.count - done);
    const plans = fc.sample(arb, { numRuns: n, seed: opts.seed + round });
    let next = 0;
    await Promise.all(
      Array.from({ length: opts.concurrency }, async (_, w) => {
        while (next < plans.length) {
          const plan = plans[next++] as Plan;
          await runPlan(t, plan, stats, done + next * opts.concurrency + w);
        }
      }),
    );
    done += n;
    await t.renewCallers();
    opts.onProgress?.(stats);
  }
  return stats;
}
