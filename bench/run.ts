/**
 * `npm run bench -- [--customers N --events M --only ingest,read,campaign]`: generates a seeded data set
 * into a fresh tenure_bench_* database, runs the API under test as a child process, prints each
 * figure against its baseline, and drops the database at the end.
 */
import os from 'node:os';
import { createDb } from '../src/kernel/db/pool.ts';
import { createApiKey } from '../src/modules/staff/index.ts';
import { type BenchArgs, parseBenchArgs, usage } from './args.ts';
import { checkBenchDatabase, createBenchDatabase, dropBenchDatabase, withDatabase } from './bench-db.ts';
import { runCampaignBench } from './campaign-send.ts';
import { generateData } from './generate.ts';
import { importVsSqlTable, runImportVsSql } from './import-vs-sql-phase.ts';
import { runIngest } from './ingest.ts';
import { startJanitor } from './janitor-process.ts';
import { loopTable, runLoop } from './loop.ts';
import { runLoyaltyEarn } from './loyalty-earn.ts';
import { runLoyaltyTiers } from './loyalty-tiers.ts';
import { runRead } from './read.ts';
import { addReadExtras } from './read-extras.ts';
import { runRedeem } from './redeem.ts';
import { ingestTable, memoryTable, readTable, scoreTable } from './results.ts';
import { runScore, type ScoreResult } from './score.ts';
import { startServer } from './server-process.ts';
import { loadAverage, watchLoad } from './stats.ts';
import { targetsTable } from './targets.ts';
import { type RunMeasures, targetsFromRun } from './targets-from-run.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function serverVersion(url: string): Promise<string> {
  const { db, pool } = createDb(url, 1);
  try {
    return (
      (await pool.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v ?? '?'
    );
  } finally {
    await db.destroy();
  }
}

async function main(args: BenchArgs): Promise<void> {
  if (args.only.includes('campaign')) {
    // Its own database and customers (with consent), none of the generated timeline.
    const section = await runCampaignBench({
      customers: args.customers,
      holdout: 0.1,
      pool: 8,
      adminUrl: args.adminUrl,
    });
    process.stdout.write(`${section}\n`);
    args = { ...args, only: args.only.filter((b) => b !== 'campaign') };
    if (args.only.length === 0) return;
  }
  // Loyalty earning imports into databases of its own: it needs none of the generated data.
  if (args.only.includes('loyalty-earn')) {
    process.stdout.write(`${await runLoyaltyEarn(args.adminUrl, args.earnPurchases)}\n`);
    args = { ...args, only: args.only.filter((b) => b !== 'loyalty-earn') };
    if (args.only.length === 0) return;
  }
  // Redemption makes its own customers with balances, in its own database.
  if (args.only.includes('redeem')) {
    const section = await runRedeem({
      adminUrl: args.adminUrl,
      customers: args.redeemCustomers,
      connections: args.connections,
      seconds: args.duration,
    });
    process.stdout.write(`${section}\n`);
    args = { ...args, only: args.only.filter((b) => b !== 'redeem') };
    if (args.only.length === 0) return;
  }
  // `tenure import` and the SQL path load CDNOW into fresh databases of their own.
  let imported: RunMeasures['import'];
  if (args.only.includes('import')) {
    const run = await runImportVsSql(args.adminUrl);
    process.stdout.write(`${importVsSqlTable([run])}\n`);
    imported = { result: run, load: loadAverage() };
    args = { ...args, only: args.only.filter((b) => b !== 'import') };
    if (args.only.length === 0) {
      process.stdout.write(
        `${targetsTable(targetsFromRun({ scale: '', only: ['import'], import: imported }))}\n`,
      );
      return;
    }
  }
  const shape = args.reuse
    ? await checkBenchDatabase(args.adminUrl, args.reuse)
    : { seed: args.seed, customers: args.customers, events: args.events };
  const name = args.reuse ?? (await createBenchDatabase(args.adminUrl, shape));
  const url = withDatabase(args.adminUrl, name);
  let keep = args.keep || !!args.reuse;
  const janitor = keep ? undefined : startJanitor(args.adminUrl, name);
  let interrupted = false;
  const onSignal = () => {
    // tsx passes a Ctrl-C on to this process as well: a second signal must not cut the drop short.
    if (interrupted) return;
    interrupted = true;
    log(keep ? 'interrupted' : `interrupted; dropping ${name}`);
    void (keep ? Promise.resolve() : dropBenchDatabase(args.adminUrl, name)).finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const load = watchLoad();
  const out: string[] = [];
  try {
    out.push(
      `Tenure benchmarks — ${new Date().toISOString()}`,
      `machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM; ` +
        `PostgreSQL ${await serverVersion(url)}; Node ${process.version}`,
      `data: seed ${shape.seed}, ${shape.customers} customers, ${shape.events} events; database ${name}`,
      `load average at start: ${loadAverage()}`,
    );
    log(out.join('\n'));
    if (!args.reuse) {
      const end = new Date();
      end.setUTCHours(0, 0, 0, 0);
      const gen = await generateData(url, { ...shape, end }, log);
      out.push(
        `generation: ${gen.seconds.toFixed(1)} s (COPY ${gen.copySeconds.toFixed(1)} s, ` +
          `keys, indexes and ANALYZE ${gen.indexSeconds.toFixed(1)} s); ${gen.description}`,
      );
      log(out.at(-1) as string);
    }
    const { db } = createDb(url, 1);
    const { key } = await createApiKey({ db }, { name: 'benchmark', scopes: ['admin'] }).finally(() =>
      db.destroy(),
    );

    const server = await startServer(url);
    log(`server: pid ${server.pid} at ${server.url}`);
    const phases: { name: string; peak: number; heap: number }[] = [];
    // What each phase measured, with the load average when it ended, for the issue 14 table.
    const scale = `${shape.customers.toLocaleString('en-US')} customers, ${shape.events.toLocaleString('en-US')} events`;
    const measured: RunMeasures = { scale, only: args.only, import: imported };
    try {
      if (args.only.includes('read')) {
        const { cookie } = await addReadExtras(url, server.url, shape.seed);
        const results = await runRead({
          url,
          server,
          apiKey: key,
          cookie,
          connections: args.connections,
          seconds: args.duration,
          seed: shape.seed,
          log,
        });
        out.push(readTable(results, args.connections, shape.customers));
        measured.read = { results, connections: args.connections, load: loadAverage() };
        for (const r of results)
          phases.push({ name: `read: ${r.name}`, peak: r.serverPeakRss, heap: r.serverHeap });
      }
      if (args.only.includes('ingest')) {
        const r = await runIngest({
          url,
          server,
          apiKey: key,
          events: args.ingestEvents,
          clients: args.clients,
          seed: shape.seed,
          log,
        });
        out.push(ingestTable(r));
        measured.ingest = { result: r, load: loadAverage() };
        phases.push({ name: 'ingest', peak: r.serverPeakRss, heap: r.serverHeap });
      }
      if (args.only.includes('score')) {
        const score: ScoreResult = await runScore(url, log);
        out.push(scoreTable(score));
        measured.score = { result: score, load: loadAverage() };
      }
      if (args.only.includes('loyalty-tiers')) out.push(await runLoyaltyTiers(url, log));
      out.push(memoryTable(phases, server.overallPeak()));
    } finally {
      await server.stop();
    }
    if (args.only.includes('loop')) {
      // Its own API and worker processes on this database, after the others so none competes.
      const share = 0.3;
      const r = await runLoop({
        url,
        customers: shape.customers,
        rates: args.loopRates,
        seconds: args.loopSeconds,
        share,
        seed: shape.seed,
        log,
      });
      out.push(
        `\nloop: NPS answers at ${args.loopRates.join(', ')}/s for ${args.loopSeconds} s each, ${share * 100}% detractors ` +
          `(one serve --role api, one serve --role worker; readiness flag ${Math.round(r.firstFlagMs)} ms)\n`,
        loopTable(r.steps, args.loopSeconds),
      );
      measured.loop = { result: r, share, seconds: args.loopSeconds, load: loadAverage() };
    }
    load.stop();
    out.push(targetsTable(targetsFromRun(measured)));
    out.push(
      `\nload average at end: ${loadAverage()}; highest 1-minute load during the run: ${load.max().toFixed(2)} ` +
        `on ${os.cpus().length} CPUs (the benchmark itself keeps about ${os.cpus().length} busy)`,
    );
  } finally {
    if (keep) log(`kept database ${name} (reuse with --reuse ${name})`);
    else await dropBenchDatabase(args.adminUrl, name);
    janitor?.release();
    keep = true; // a late signal must not drop twice
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

let parsed: BenchArgs | 'help';
try {
  parsed = parseBenchArgs(process.argv.slice(2));
} catch (err) {
  log((err as Error).message);
  process.exit(2);
}
if (parsed === 'help') {
  process.stdout.write(`${usage}\n`);
} else {
  await main(parsed);
}
