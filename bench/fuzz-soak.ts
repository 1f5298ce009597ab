/**
 * `npx tsx bench/fuzz-soak.ts --requests 100000 [--concurrency 4] [--seed N]`: the API fuzzer of
 * test/fuzz/ at length. Creates a throw-away tenure_bench_* database on DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), runs the server as its own process with the
 * shipped 256 MB heap, sends the requests as every kind of caller, and reports requests sent, 5xx,
 * peak RSS, the machine and its load. Exits 1 when any request got a 5xx or a malformed error.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { migrate } from '../src/kernel/db/migrate.ts';
import { createDb } from '../src/kernel/db/pool.ts';
import { fuzz, startFuzzTarget } from '../test/fuzz/drive.ts';
import { createBenchDatabase, dropBenchDatabase, withDatabase } from './bench-db.ts';
import { startJanitor } from './janitor-process.ts';
import { loadAverage, watchLoad } from './stats.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '4' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
  },
});
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const seed = Number(values.seed);
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (line: string) => process.stderr.write(`${line}\n`);
const MiB = 1024 * 1024;

const name = await createBenchDatabase(adminUrl, { seed, customers: 0, events: 0 });
const janitor = startJanitor(adminUrl, name);
const url = withDatabase(adminUrl, name);
const { db } = createDb(url, 2);
const load = watchLoad();
let failed = false;
try {
  await migrate(db);
  const loadAtStart = loadAverage();
  const target = await startFuzzTarget(url, db);
  const started = Date.now();
  let lastLog = 0;
  try {
    target.server.beginPhase();
    const stats = await fuzz(target, {
      count: requests,
      seed,
      concurrency,
      onProgress: (s) => {
        if (Date.now() - lastLog < 10_000) return;
        lastLog = Date.now();
        log(
          `${s.sent} sent, ${s.serverErrors} × 5xx, RSS peak ${(target.server.overallPeak() / MiB).toFixed(0)} MiB`,
        );
      },
    });
    const seconds = (Date.now() - started) / 1000;
    const heap = await target.server.heap();
    const health = await target.send({ method: 'GET', path: '/api/health', headers: {} });
    const cpu = os.cpus();
    const lines = [
      `Fuzz soak — ${new Date().toISOString()}; \`npx tsx bench/fuzz-soak.ts --requests ${requests} --concurrency ${concurrency} --seed ${seed}\``,
      `machine: ${cpu.length} CPUs (${cpu[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM; Node ${process.version}; server heap limit 256 MB`,
      `load average at start ${loadAtStart}, highest 1-min during the run ${load.max().toFixed(2)}, at the end ${loadAverage()}`,
      `requests answered: ${stats.sent} in ${seconds.toFixed(0)} s (${(stats.sent / seconds).toFixed(0)}/s); ` +
        `5xx: ${stats.serverErrors}; malformed errors or other problems: ${stats.problems.length}; ` +
        `connections closed by the server: ${stats.connectionErrors}`,
      `statuses: ${Object.entries(stats.byStatus)
        .map(([s, n]) => `${s} × ${n}`)
        .join(', ')}`,
      `server: peak RSS ${(target.server.overallPeak() / MiB).toFixed(0)} MiB, heap in use at the end ` +
        `${(heap.heapUsed / MiB).toFixed(0)} MiB; /api/health after the run: ${health.status}`,
      ...stats.problems
        .slice(0, 20)
        .map((p) => `problem: ${p.problem.slice(0, 300)} ← ${p.request.slice(0, 300)}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    failed = stats.serverErrors > 0 || stats.problems.length > 0 || health.status !== 200;
  } finally {
    await target.stop();
  }
} finally {
  load.stop();
  await db.destroy();
  await dropBenchDatabase(adminUrl, name);
  janitor.release();
}
process.exit(failed ? 1 : 0);
