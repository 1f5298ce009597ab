import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { copyInto } from './copy.ts';
import { type CpuSpent, cpuSince, cpuSnapshot } from './cpu.ts';
import { createPoster } from './http-post.ts';
import { createRng } from './random.ts';
import type { ServerProcess } from './server-process.ts';
import { Latencies, type LatencySummary } from './stats.ts';
import { apiEvent, copyLine, drawTouchpoint, interactionColumns } from './touchpoint.ts';
import { currencyOfTimeZone } from './vocabulary.ts';

const BATCH = 1000;
const WARMUP_BATCHES = 10;
const ROWS_PER_CHUNK = 2000;

type Customer = { id: string; shopId: string; currency: string };

export type IngestResult = {
  events: number;
  clients: number;
  api: {
    seconds: number;
    rate: number;
    accepted: number;
    duplicates: number;
    rejected: number;
    rateLimited: number;
    batchLatency: LatencySummary;
    stored: number;
    retryDuplicates: number;
    cpu: CpuSpent;
  };
  /** The loop's worker draining what the accepted events queued (started after the API phase). */
  evaluation: { jobs: number; items: number; alerts: number; seconds: number; cpu: CpuSpent };
  copy: { seconds: number; rate: number; streams: number; cpu: CpuSpent };
  /**
   * The same rows again by COPY, but one transaction of 1,000 rows each (one statement, one
   * commit: what the API does per batch, so the statement triggers and commits are paid per batch).
   */
  copyPerBatch: { seconds: number; rate: number; streams: number; cpu: CpuSpent };
  serverPeakRss: number;
  serverHeap: number;
};

type Prepared = { bodies: Buffer[]; copyChunks: string[][]; batchChunks: string[][]; tag: string };

/**
 * The same touchpoints twice, once as API batches (customer named by its shop id, as an
 * integration sends it) and once as COPY lines (customer id already known), each with its own
 * source ids so both land. Everything is serialised before the clock starts.
 */
function prepare(customers: Customer[], events: number, streams: number, seed: number): Prepared {
  const rng = createRng(seed);
  const now = Date.now();
  // A reused database already holds earlier runs' events: this run's source ids must be new.
  const tag = now.toString(36);
  const bodies: Buffer[] = [];
  const copyChunks: string[][] = Array.from({ length: streams }, () => []);
  const batchChunks: string[][] = Array.from({ length: streams }, () => []);
  let batch: Record<string, unknown>[] = [];
  let chunk = '';
  let batchChunk = '';
  for (let i = 0; i < events + WARMUP_BATCHES * BATCH; i++) {
    const c = customers[rng.int(customers.length)] as Customer;
    const at = new Date(now - rng.int(30 * 86_400_000));
    const t = drawTouchpoint(rng, c.currency);
    batch.push(apiEvent(c.shopId, at, t, `api-${tag}-${i.toString(36)}`));
    if (batch.length === BATCH) {
      bodies.push(Buffer.from(JSON.stringify({ events: batch })));
      batch = [];
    }
    if (i < events) {
      chunk += copyLine(c.id, at, t, `copy-${tag}-${i.toString(36)}`);
      if (i % ROWS_PER_CHUNK === ROWS_PER_CHUNK - 1 || i === events - 1) {
        copyChunks[Math.floor(i / ROWS_PER_CHUNK) % streams]?.push(chunk);
        chunk = '';
      }
      batchChunk += copyLine(c.id, at, t, `copyb-${tag}-${i.toString(36)}`);
      if (i % BATCH === BATCH - 1 || i === events - 1) {
        batchChunks[Math.floor(i / BATCH) % streams]?.push(batchChunk);
        batchChunk = '';
      }
    }
  }
  if (batch.length) bodies.push(Buffer.from(JSON.stringify({ events: batch })));
  return { bodies, copyChunks, batchChunks, tag };
}

type Report = { accepted: number; duplicates: number; rejected: unknown[] };

/** Sends `bodies` with `clients` concurrent keep-alive connections; a 429 is waited out and retried. */
async function sendAll(server: ServerProcess, apiKey: string, bodies: Buffer[], clients: number) {
  const totals = { accepted: 0, duplicates: 0, rejected: 0, rateLimited: 0 };
  const latency = new Latencies();
  let next = 0;
  const worker = async (c: number) => {
    const poster = createPoster(server.url, apiKey, `127.0.0.${10 + c}`);
    try {
      for (let b = next++; b < bodies.length; b = next++) {
        for (;;) {
          const t0 = performance.now();
          const res = await poster.post('/api/v1/events', bodies[b] as Buffer);
          if (res.status === 429) {
            totals.rateLimited++;
            await new Promise((r) => setTimeout(r, 1000 * (res.retryAfter ?? 1)));
            continue;
          }
          if (res.status !== 200)
            throw new Error(`POST /api/v1/events answered ${res.status}: ${res.body.slice(0, 500)}`);
          latency.add(performance.now() - t0);
          const r = JSON.parse(res.body) as Report;
          totals.accepted += r.accepted;
          totals.duplicates += r.duplicates;
          totals.rejected += r.rejected.length;
          break;
        }
      }
    } finally {
      poster.close();
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, c) => worker(c)));
  return { ...totals, latency: latency.summary() };
}

const here = path.dirname(fileURLToPath(import.meta.url));
const pending = (pool: pg.Pool) =>
  pool.query<{ jobs: number; items: number }>(
    `select count(*)::int as jobs, coalesce(sum(jsonb_array_length(data->'items')), 0)::int as items
     from pgboss.job where name = 'loop.evaluate-events' and state in ('created', 'retry', 'active')`,
  );

/**
 * Starts bench/worker.ts, measures from its "ready" until no evaluation job is left, and stops it:
 * the worker's CPU is the "server" of the CPU figures.
 */
async function drainEvaluation(pool: pg.Pool, url: string, log: (line: string) => void) {
  const queued = (await pending(pool)).rows[0] ?? { jobs: 0, items: 0 };
  const alertsBefore =
    (await pool.query<{ n: number }>('select count(*)::int as n from alert')).rows[0]?.n ?? 0;
  log(`ingest: worker evaluates ${queued.jobs} queued jobs (${queued.items} touchpoints)`);
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=256', '--import', 'tsx', path.join(here, 'worker.ts')],
    {
      env: { ...process.env, DATABASE_URL: url, TENURE_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the worker exited early with ${code}`)));
      child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    });
    const cpu = await cpuSnapshot(pool, child.pid);
    const t0 = performance.now();
    for (;;) {
      if ((await pending(pool)).rows[0]?.jobs === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - t0) / 1000;
    const spent = await cpuSince(pool, child.pid, cpu);
    const alerts =
      ((await pool.query<{ n: number }>('select count(*)::int as n from alert')).rows[0]?.n ?? 0) -
      alertsBefore;
    return { ...queued, alerts, seconds, cpu: spent };
  } finally {
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
  }
}

/**
 * Opens one connection per stream first, so the measured time and CPU cover only the COPY. With
 * `perChunk`, each chunk is its own transaction (one COPY, one commit); otherwise a stream's chunks
 * are one COPY in one transaction.
 */
async function copyStreams(url: string, chunks: string[][], perChunk = false) {
  const clients = await Promise.all(
    chunks.map(async () => {
      const client = new pg.Client({ connectionString: url, application_name: 'tenure-bench-copy' });
      await client.connect();
      return client;
    }),
  );
  return {
    run: () =>
      Promise.all(
        clients.map(async (client, i) => {
          for (const part of perChunk ? (chunks[i] ?? []).map((c) => [c]) : [chunks[i] ?? []]) {
            await client.query('begin');
            await copyInto(client, 'interaction', interactionColumns, part);
            await client.query('commit');
          }
        }),
      ),
    end: () => Promise.all(clients.map((c) => c.end())),
  };
}

/** One COPY phase after a CHECKPOINT: its seconds and the CPU PostgreSQL spent on it. */
async function timeCopy(pool: pg.Pool, url: string, chunks: string[][], perChunk: boolean) {
  await pool.query('checkpoint');
  const streams = await copyStreams(url, chunks, perChunk);
  try {
    const cpu = await cpuSnapshot(pool, undefined);
    const t1 = performance.now();
    await streams.run();
    const seconds = (performance.now() - t1) / 1000;
    return { seconds, cpu: await cpuSince(pool, undefined, cpu) };
  } finally {
    await streams.end();
  }
}

/**
 * Ingest throughput: batches of 1,000 through `POST /api/v1/events` against COPY of the same rows
 * into the same table, same database, same run. Both sides are durable (synchronous commit) and
 * start after a CHECKPOINT, so neither pays for the other's dirty pages.
 */
export async function runIngest(opts: {
  url: string;
  server: ServerProcess;
  apiKey: string;
  events: number;
  clients: number;
  seed: number;
  log: (line: string) => void;
}): Promise<IngestResult> {
  const pool = new pg.Pool({ connectionString: opts.url, max: 1, application_name: 'tenure-bench' });
  try {
    const { rows } = await pool.query<{ id: string; shop_id: string; time_zone: string }>(
      `select c.id, i.external_id as shop_id, c.time_zone from customer c
       join customer_identity i on i.customer_id = c.id and i.source = 'shop' order by i.external_id`,
    );
    const customers = rows.map((r) => ({
      id: r.id,
      shopId: r.shop_id,
      currency: currencyOfTimeZone.get(r.time_zone) ?? 'EUR',
    }));
    opts.log(`ingest: preparing ${opts.events} events for ${customers.length} customers`);
    const prepared = prepare(customers, opts.events, opts.clients, opts.seed + 10);
    const warmup = prepared.bodies.slice(0, WARMUP_BATCHES);
    const measured = prepared.bodies.slice(WARMUP_BATCHES);

    await sendAll(opts.server, opts.apiKey, warmup, opts.clients);
    await pool.query('checkpoint');
    opts.log(`ingest: API, ${measured.length} batches of ${BATCH}, ${opts.clients} clients`);
    opts.server.beginPhase();
    const cpu = await cpuSnapshot(pool, opts.server.pid);
    const t0 = performance.now();
    const api = await sendAll(opts.server, opts.apiKey, measured, opts.clients);
    const apiSeconds = (performance.now() - t0) / 1000;
    const apiCpu = await cpuSince(pool, opts.server.pid, cpu);
    const serverPeakRss = opts.server.endPhase();
    const serverHeap = (await opts.server.heap()).heapUsed;

    // Retrying batches must store nothing twice.
    const retry = await sendAll(opts.server, opts.apiKey, measured.slice(0, 3), 1);
    const stored = await pool.query<{ n: number }>(
      `select count(*)::int as n from interaction where source_id like $1`,
      [`api-${prepared.tag}-%`],
    );

    const evaluation = await drainEvaluation(pool, opts.url, opts.log);

    opts.log(`ingest: COPY, ${opts.events} rows, ${opts.clients} streams`);
    const copy = await timeCopy(pool, opts.url, prepared.copyChunks, false);
    opts.log(`ingest: COPY, ${opts.events} rows, ${opts.clients} streams, one transaction per ${BATCH}`);
    const copyPerBatch = await timeCopy(pool, opts.url, prepared.batchChunks, true);

    return {
      events: opts.events,
      clients: opts.clients,
      api: {
        seconds: apiSeconds,
        rate: opts.events / apiSeconds,
        accepted: api.accepted,
        duplicates: api.duplicates,
        rejected: api.rejected,
        rateLimited: api.rateLimited,
        batchLatency: api.latency,
        stored: (stored.rows[0]?.n ?? 0) - WARMUP_BATCHES * BATCH,
        retryDuplicates: retry.duplicates,
        cpu: apiCpu,
      },
      evaluation,
      copy: { ...copy, rate: opts.events / copy.seconds, streams: opts.clients },
      copyPerBatch: { ...copyPerBatch, rate: opts.events / copyPerBatch.seconds, streams: opts.clients },
      serverPeakRss,
      serverHeap,
    };
  } finally {
    await pool.end();
  }
}
