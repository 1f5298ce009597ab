/**
 * The closed loop's rate and cost (issue 14.4), shared by bench/loop-bench.ts (its own database)
 * and the `loop` phase of `npm run bench` (the run's generated database): one `serve --role api`
 * and one `serve --role worker` process on this database, four agents on a round-the-clock team,
 * a webhook receiver and an SMTP server in this process; NPS answers from existing customers
 * arrive open-loop at each rate in turn (every answer is measured: one flag first only tells the
 * worker is up), each detractor from a customer not used before. Latency runs from just before
 * the request is sent to the signed `case.opened` webhook / the assignee's email arriving; CPU is
 * the API's, the worker's and this database's PostgreSQL backends', from a step's first answer
 * until the loop's queues are empty again.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createDb } from '../src/kernel/db/pool.ts';
import { startReceiver, startSmtp } from '../src/modules/loop/testing/fixtures.ts';
import { createApiKey } from '../src/modules/staff/index.ts';
import { cpuMsOf, cpuSnapshot } from './cpu.ts';
import { createRng } from './random.ts';
import { loadAverage } from './stats.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length ? (s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number) : Number.NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port nothing listens on now: the OS picks it, and the API is then checked to be ours. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

function serve(role: 'api' | 'worker', env: Record<string, string>): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'serve', '--role', role],
    {
      cwd: root,
      env: {
        ...process.env,
        TENURE_LOG_LEVEL: 'warn',
        // The webhook receiver is this process, on loopback: allowed explicitly.
        TENURE_WEBHOOK_ALLOW_PRIVATE: '127.0.0.1',
        TENURE_DB_POOL_SIZE: '10',
        // e.g. BENCH_WORKER_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile one role.
        ...(process.env[`BENCH_${role.toUpperCase()}_NODE_OPTIONS`] && {
          NODE_OPTIONS: process.env[`BENCH_${role.toUpperCase()}_NODE_OPTIONS`],
        }),
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

const shopId = (index: number) => `C${String(index + 1).padStart(8, '0')}`;

export type Step = {
  rate: number;
  achieved: number;
  answers: number;
  detractors: number;
  errors: number;
  hook: number[];
  mail: number[];
  cpu: { api: number; worker: number; postgres: number };
  loadStart: string;
  loadEnd: string;
};

export type LoopOptions = {
  /** The database, already holding the generated customers (`C00000001`… in the `shop` source). */
  url: string;
  customers: number;
  /** Answers per second of each step, in order. */
  rates: number[];
  seconds: number;
  /** Share of the answers that are detractors (each a flag). */
  share: number;
  seed: number;
  log: (line: string) => void;
};
export type LoopResult = {
  steps: Step[];
  /** The readiness flag's latency, reported on its own. */
  firstFlagMs: number;
  /** Highest step (answers/s) whose every flag arrived with p99 ≤ 1 s; 0 if none. */
  sustained: number;
  /** The same as flagged events/s. */
  sustainedFlagged: number;
};

export const heldStep = (s: Step) => s.hook.length === s.detractors && pct(s.hook, 99) <= 1000;
export const cpuPerFlag = (s: Step) => (s.cpu.api + s.cpu.worker + s.cpu.postgres) / s.detractors;

const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)} ms` : '-');

/** One row per step: latencies, CPU per flagged event split by process, load. */
export function loopTable(steps: Step[], seconds: number): string {
  return [
    '| answers/s (achieved) | flagged | webhook arrived | p50 | p99 | max | email p99 | CPU ms per flagged event (API / worker / PostgreSQL) | load avg start → end |',
    '|---|---|---|---|---|---|---|---|---|',
    ...steps.map(
      (s) =>
        `| ${s.rate} (${s.achieved.toFixed(1)}) | ${s.detractors} (${(s.detractors / seconds).toFixed(0)}/s) | ${s.hook.length}${s.errors ? `, ${s.errors} failed requests` : ''} | ${ms(pct(s.hook, 50))} | ${ms(pct(s.hook, 99))} | ${ms(Math.max(...s.hook))} | ${ms(pct(s.mail, 99))} | ${cpuPerFlag(s).toFixed(1)} (${(s.cpu.api / s.detractors).toFixed(1)} / ${(s.cpu.worker / s.detractors).toFixed(1)} / ${(s.cpu.postgres / s.detractors).toFixed(1)}) | ${s.loadStart} → ${s.loadEnd} |`,
    ),
  ].join('\n');
}

export async function runLoop(o: LoopOptions): Promise<LoopResult> {
  const children: ChildProcess[] = [];
  const smtp = await startSmtp();
  const hooks = await startReceiver();
  const sentAt = new Map<string, number>();
  const hookAt = new Map<string, number>();
  try {
    const { db, pool } = createDb(o.url, 2);
    const { key } = await createApiKey({ db }, { name: 'loop bench', scopes: ['admin'] });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = { DATABASE_URL: o.url, PORT: String(port), SMTP_URL: smtp.url };
    const apiProcess = serve('api', env);
    const workerProcess = serve('worker', env);
    children.push(apiProcess, workerProcess);
    const api = (p: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') =>
      fetch(base + p, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    for (let i = 0; ; i++) {
      if (apiProcess.exitCode !== null) throw new Error(`the API exited (${apiProcess.exitCode})`);
      // Our server, not whatever else may listen there: only it knows this run's key.
      if ((await api('/api/v1/rules').catch(() => undefined))?.ok) break;
      if (i > 600) throw new Error(`the API did not start on port ${port}`);
      await sleep(100);
    }
    // Four agents on a round-the-clock team; the webhook receiver and SMTP server are this process.
    const always = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
    // Names of their own, so a database kept with --keep can run the phase again (--reuse).
    const run = Date.now().toString(36);
    const agents: string[] = [];
    for (const n of ['ana', 'ben', 'chloe', 'dev']) {
      const r = await api('/api/v1/staff', {
        email: `loop-${n}-${run}@bench.example`,
        name: n,
        role: 'agent',
        password: 'a-long-password-1',
      });
      agents.push(((await r.json()) as { id: string }).id);
    }
    const team = (await (await api('/api/v1/teams', { name: `Bench desk ${run}` })).json()) as { id: string };
    await api(`/api/v1/teams/${team.id}/coverage`, { intervals: always }, 'PUT');
    await api(`/api/v1/teams/${team.id}/members`, { members: agents.map((staffId) => ({ staffId })) }, 'PUT');
    await api('/api/v1/webhooks', { url: hooks.url, eventTypes: ['case.opened'] });

    // Arrival times are recorded by watching the receivers' arrays grow. The webhook names the
    // answer (its alert's trigger) and the case; the email names the case (its link).
    let seenHooks = 0;
    let seenMails = 0;
    const caseOf = new Map<string, string>();
    const mailByCase = new Map<string, number>();
    const watcher = setInterval(() => {
      const now = Date.now();
      for (; seenHooks < hooks.received.length; seenHooks++) {
        const body = JSON.parse(hooks.received[seenHooks]?.body ?? '{}') as {
          data?: { caseId?: string; alert?: { trigger?: string } };
        };
        const id = body.data?.alert?.trigger?.replace('feedback:', '');
        if (id && !hookAt.has(id)) hookAt.set(id, now);
        if (id && body.data?.caseId) caseOf.set(id, body.data.caseId);
      }
      for (; seenMails < smtp.mails.length; seenMails++) {
        const caseId = /my-work\/cases\/([0-9a-f-]{36})/.exec(
          (smtp.mails[seenMails]?.raw ?? '').replace(/=\r?\n/g, ''),
        )?.[1];
        if (caseId && !mailByCase.has(caseId)) mailByCase.set(caseId, now);
      }
    }, 2);
    const mailAt = (id: string) => mailByCase.get(caseOf.get(id) ?? '');

    // Every answer comes from an existing customer, each detractor from one not used before (a new
    // case each: the worst case), in a seeded order.
    const rng = createRng(o.seed + 7);
    const order = Array.from({ length: o.customers }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const totalAnswers = 1 + o.rates.reduce((n, r) => n + r * o.seconds, 0);
    if (totalAnswers * o.share > o.customers)
      o.log(
        `warning: ${Math.ceil(totalAnswers * o.share)} detractors for ${o.customers} customers: some join open cases`,
      );
    let nextCustomer = 0;
    const answer = (i: number, detractor: boolean) => {
      return {
        externalId: shopId(order[nextCustomer++ % o.customers] as number),
        idSource: 'shop',
        source: 'feedback',
        sourceId: `bench-answer-${i}`,
        channel: 'email',
        kind: 'survey-response',
        direction: 'inbound',
        occurredAt: new Date().toISOString(),
        properties: {
          surveyId: 'bench',
          responseId: `bench-answer-${i}`,
          type: 'nps',
          score: detractor ? i % 7 : 7 + (i % 4),
          comment: '',
          themes: [],
        },
      };
    };
    // The ingest API takes batches (and limits each client to 600 requests a minute), so the sender
    // posts what arrived in the last tick every TICK_MS, as a webhook relay or SDK would.
    const send = async (items: { i: number; detractor: boolean }[]) => {
      const at = Date.now();
      const events = items.map((it) => answer(it.i, it.detractor));
      for (const it of items) if (it.detractor) sentAt.set(`bench-answer-${it.i}`, at);
      const r = await api('/api/v1/events', { events });
      if (!r.ok) throw new Error(`ingest failed: ${r.status} ${await r.text()}`);
      const report = (await r.json()) as { accepted: number };
      if (report.accepted !== items.length)
        throw new Error(`only ${report.accepted} of ${items.length} accepted`);
    };
    const arrived = (ids: string[]) => ids.every((id) => hookAt.has(id) && mailAt(id) !== undefined);
    const idle = async () =>
      (
        await pool.query<{ n: number }>(
          `select count(*)::int as n from pgboss.job where name like 'loop.%' and state in ('created', 'retry', 'active')
           and name <> 'loop.sweep-cases'`,
        )
      ).rows[0]?.n === 0;

    // Readiness, not warm-up: one flag, so the first step does not time the worker's start-up.
    const t0First = Date.now();
    await send([{ i: 0, detractor: true }]);
    for (let i = 0; !hookAt.has('bench-answer-0'); i++) {
      if (i > 1200) throw new Error('the worker never answered the first flag');
      await sleep(50);
    }
    const firstFlagMs = (hookAt.get('bench-answer-0') as number) - t0First;

    const TICK_MS = 125;
    const steps: Step[] = [];
    let next = 1;
    for (const rate of o.rates) {
      for (let i = 0; i < 600 && !(await idle()); i++) await sleep(100);
      o.log(`step: ${rate}/s for ${o.seconds} s, ${Math.round(o.share * 100)}% detractors…`);
      const loadStart = loadAverage();
      const first = next;
      const last = next + rate * o.seconds - 1;
      const stepIds: string[] = [];
      const before = {
        api: cpuMsOf(apiProcess.pid as number),
        worker: cpuMsOf(workerProcess.pid as number),
        pg: await cpuSnapshot(pool, undefined),
      };
      const t0 = performance.now();
      const inflight: Promise<void>[] = [];
      let errors = 0;
      for (let tick = 1; next <= last; tick++) {
        const wait = t0 + tick * TICK_MS - performance.now();
        if (wait > 0) await sleep(wait);
        const upTo = Math.min(last, first - 1 + Math.floor(((performance.now() - t0) / 1000) * rate));
        const items: { i: number; detractor: boolean }[] = [];
        // Every k-th answer is a detractor, spread evenly.
        for (; next <= upTo; next++) {
          const detractor = Math.floor(next * o.share) !== Math.floor((next - 1) * o.share);
          if (detractor) stepIds.push(`bench-answer-${next}`);
          items.push({ i: next, detractor });
        }
        if (items.length)
          inflight.push(
            send(items).catch((err: Error) => {
              errors++;
              o.log(err.message);
            }),
          );
      }
      await Promise.all(inflight);
      const sendSeconds = (performance.now() - t0) / 1000;
      for (let i = 0; i < 600 && !arrived(stepIds); i++) await sleep(100);
      // The step's CPU is everything until the loop is idle again (emails and webhooks included).
      for (let i = 0; i < 600 && !(await idle()); i++) await sleep(100);
      const after = await cpuSnapshot(pool, undefined);
      let postgres = 0;
      for (const [pid, ms] of after.backends) postgres += ms - (before.pg.backends.get(pid) ?? 0);
      const lat = (at: (id: string) => number | undefined) =>
        stepIds.flatMap((id) => {
          const t = at(id);
          return t === undefined ? [] : [t - (sentAt.get(id) as number)];
        });
      steps.push({
        rate,
        achieved: (last - first + 1) / sendSeconds,
        answers: last - first + 1,
        detractors: stepIds.length,
        errors,
        hook: lat((id) => hookAt.get(id)),
        mail: lat(mailAt),
        cpu: {
          api: cpuMsOf(apiProcess.pid as number) - before.api,
          worker: cpuMsOf(workerProcess.pid as number) - before.worker,
          postgres,
        },
        loadStart,
        loadEnd: loadAverage(),
      });
      const s = steps.at(-1) as Step;
      o.log(
        `  p99 ${Math.round(pct(s.hook, 99))} ms, ${s.hook.length}/${s.detractors} arrived, load ${s.loadEnd}`,
      );
    }
    clearInterval(watcher);

    {
      // Anything that did not arrive shows up here: failed or still-retrying jobs and why.
      const bad = await sql<{ name: string; state: string; n: number; output: unknown }>`
        select name, state, count(*)::int as n, (array_agg(output))[1] as output from pgboss.job
        where name like 'loop.%' and state in ('failed', 'retry', 'created', 'active') group by 1, 2`.execute(
        db,
      );
      for (const r of bad.rows)
        o.log(`jobs ${r.name} ${r.state}: ${r.n} ${JSON.stringify(r.output ?? '').slice(0, 300)}`);
    }
    await db.destroy();

    const sustained = steps.filter(heldStep).reduce((m, s) => Math.max(m, s.rate), 0);
    return { steps, firstFlagMs, sustained, sustainedFlagged: Math.round(sustained * o.share) };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))),
    );
    await smtp.close();
    await hooks.close();
  }
}
