import autocannon from 'autocannon';
import pg from 'pg';
import { type CpuSpent, cpuSince, cpuSnapshot } from './cpu.ts';
import { type OpenLoopResult, runOpenLoop } from './open-loop.ts';
import { createRng } from './random.ts';
import { type ReadScenario, readScenarios } from './read-scenarios.ts';
import type { ServerProcess } from './server-process.ts';
import { Latencies, type LatencySummary } from './stats.ts';

const WARMUP_SECONDS = 3;

export type ReadMeasure = LatencySummary & { rps: number; errors: number; cpu?: CpuSpent };
export type ReadResult = {
  name: string;
  api: ReadMeasure;
  sql: ReadMeasure;
  serverPeakRss: number;
  serverHeap: number;
  /** The 360 only (API key): one client back to back, and fixed-rate arrivals at 40% of capacity. */
  singleClient?: ReadMeasure;
  openLoop?: OpenLoopResult;
};

/** Issue 14: the open-loop p99 is taken at this share of the closed-loop throughput just measured. */
export const OPEN_LOOP_SHARE = 0.4;

/**
 * autocannon's own percentiles are whole milliseconds; the per-response times it emits are
 * fractional, so the latencies are collected from those events instead.
 */
function runAutocannon(opts: {
  server: ServerProcess;
  /** How the requests authenticate: the API key's header, or a signed-in session's cookie. */
  auth: Record<string, string>;
  scenario: ReadScenario;
  connections: number;
  seconds: number;
  seed: number;
}): Promise<ReadMeasure> {
  const rng = createRng(opts.seed);
  const latencies = new Latencies();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.server.url,
        connections: opts.connections,
        duration: opts.seconds,
        headers: opts.auth,
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: opts.scenario.path(rng) }) }],
      },
      (err, result) => {
        if (err) return reject(err);
        const errors = result.errors + result.timeouts + result.non2xx;
        resolve({ ...latencies.summary(), rps: latencies.count / opts.seconds, errors });
      },
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) latencies.add(ms);
    });
  });
}

/** `connections` workers, each on its own pooled connection, issuing the bare SQL back to back. */
async function runSql(
  pool: pg.Pool,
  scenario: ReadScenario,
  connections: number,
  seconds: number,
  seed: number,
) {
  const latencies = new Latencies();
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, w) => {
      const rng = createRng(seed * 1000 + w);
      const client = await pool.connect();
      try {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          try {
            await scenario.sql(client, rng);
            latencies.add(performance.now() - t0);
          } catch {
            errors++;
          }
        }
      } finally {
        client.release();
      }
    }),
  );
  return { ...latencies.summary(), rps: latencies.count / seconds, errors };
}

/**
 * Read latency with `connections` concurrent clients over random customers: the API through real
 * HTTP (autocannon), then the same reads as bare SQL with a pool of the same size. Each side gets
 * a short warm-up first, so both meet the same warm caches.
 */
export async function runRead(opts: {
  url: string;
  server: ServerProcess;
  apiKey: string;
  /** A staff session's Cookie header: the 360 is measured with it as well as with the key. */
  cookie: string;
  connections: number;
  seconds: number;
  seed: number;
  log: (line: string) => void;
}): Promise<ReadResult[]> {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.connections,
    application_name: 'tenure-bench',
  });
  try {
    const ids = (await pool.query<{ id: string }>('select id from customer')).rows.map((r) => r.id);
    const shopIds = (
      await pool.query<{ external_id: string }>(
        `select external_id from customer_identity where source = 'shop'`,
      )
    ).rows.map((r) => r.external_id);
    const results: ReadResult[] = [];
    for (const scenario of readScenarios(ids, shopIds)) {
      const key = { authorization: `Bearer ${opts.apiKey}` };
      const common = { server: opts.server, scenario, connections: opts.connections };
      await runAutocannon({ ...common, auth: key, seconds: WARMUP_SECONDS, seed: opts.seed + 100 });
      await runSql(pool, scenario, opts.connections, WARMUP_SECONDS, opts.seed + 100);
      const measureApi = async (auth: Record<string, string>, label: string) => {
        opts.log(
          `read: ${scenario.name}, API (${label}), ${opts.connections} connections, ${opts.seconds} s`,
        );
        opts.server.beginPhase();
        const cpu = await cpuSnapshot(pool, opts.server.pid);
        const api = await runAutocannon({ ...common, auth, seconds: opts.seconds, seed: opts.seed });
        api.cpu = await cpuSince(pool, opts.server.pid, cpu);
        return {
          api,
          serverPeakRss: opts.server.endPhase(),
          serverHeap: (await opts.server.heap()).heapUsed,
        };
      };
      const withKey = await measureApi(key, 'API key');
      // Staff in the browser: a cookie session, checked (and its idle time renewed) per request.
      const withCookie =
        scenario.name === 'customer 360'
          ? await measureApi({ cookie: opts.cookie }, 'cookie session')
          : undefined;
      let latency: Pick<ReadResult, 'singleClient' | 'openLoop'> = {};
      if (scenario.name === 'customer 360') {
        opts.log(`read: ${scenario.name}, API (API key), 1 connection, ${opts.seconds} s`);
        const singleClient = await runAutocannon({
          ...common,
          connections: 1,
          auth: key,
          seconds: opts.seconds,
          seed: opts.seed + 1,
        });
        const rate = OPEN_LOOP_SHARE * withKey.api.rps;
        opts.log(
          `read: ${scenario.name}, API (API key), open loop at ${rate.toFixed(0)} req/s, ${opts.seconds} s`,
        );
        const openLoop = await runOpenLoop({
          baseUrl: opts.server.url,
          auth: key,
          scenario,
          rate,
          seconds: opts.seconds,
          seed: opts.seed + 2,
        });
        latency = { singleClient, openLoop };
      }
      opts.log(`read: ${scenario.name}, SQL, ${opts.connections} connections, ${opts.seconds} s`);
      const cpu = await cpuSnapshot(pool, undefined);
      const sql: ReadMeasure = await runSql(pool, scenario, opts.connections, opts.seconds, opts.seed);
      sql.cpu = await cpuSince(pool, undefined, cpu);
      results.push({ name: `${scenario.name}`, sql, ...withKey, ...latency });
      if (withCookie) results.push({ name: `${scenario.name} (cookie session)`, sql, ...withCookie });
    }
    return results;
  } finally {
    await pool.end();
  }
}
