/**
 * `npx tsx bench/uplift-report.ts [--customers 100000] [--events 2000000] [--runs 3]` (the 1M figure:
 * `--customers 1000000 --events 20000000`, about half an hour of data generation on 2 vCPUs)
 *
 * Building the uplift report (issue 11: "building the uplift report over 1M customers"): generated
 * data (bench/generate.ts) in a fresh tenure_bench_* database on DATABASE_URL, every customer put
 * in one campaign with a 10% holdout (the arm drawn in SQL with the same SHA-256 rule as
 * `assignArm`, checked against it on a sample), eligible 120 days before the data ends. Then
 * `buildUpliftReport` (one statement: assignments × each customer's touchpoints from a year before
 * to 90 days after, grouped into the sums of 6 metrics × 2 arms) against a plain
 * `count(*) … group by program_id, arm` over the same assignments, the smallest read that touches
 * every assignment, and against the floor of reading the same touchpoints. Median of --runs, after one warm-up each. Prints a Markdown section for
 * bench/RESULTS.md; drops its database at the end.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { DAY_MS } from '../src/kernel/clock.ts';
import { createDb } from '../src/kernel/db/pool.ts';
import { armDraw, buildUpliftReport } from '../src/modules/outreach/index.ts';
import { createBenchDatabase, dropBenchDatabase, withDatabase } from './bench-db.ts';
import { generateData } from './generate.ts';

const { values: a } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    events: { type: 'string', default: '2000000' },
    runs: { type: 'string', default: '3' },
    explain: { type: 'boolean', default: false },
  },
});
const CUSTOMERS = Number(a.customers);
const EVENTS = Number(a.events);
const RUNS = Number(a.runs);
const PROGRAM = '0192f000-0000-7000-8000-0000000000b1';
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (s: string) => process.stderr.write(`${s}\n`);
const secs = (ms: number) => (ms / 1000).toFixed(2);

async function median(f: () => Promise<unknown>): Promise<number> {
  await f();
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  return times.sort((x, y) => x - y)[Math.floor(times.length / 2)] as number;
}

async function main() {
  const end = new Date();
  const name = await createBenchDatabase(adminUrl, { seed: 11, customers: CUSTOMERS, events: EVENTS });
  const url = withDatabase(adminUrl, name);
  const { db } = createDb(url, 2);
  try {
    log(`generating ${CUSTOMERS} customers, ${EVENTS} events in ${name}…`);
    const gen = await generateData(url, { seed: 11, customers: CUSTOMERS, events: EVENTS, end }, log);
    const eligibleAt = new Date(end.getTime() - 120 * DAY_MS);
    await db
      .insertInto('outreach_program')
      .values({
        id: PROGRAM,
        kind: 'campaign',
        key: 'bench-letter',
        name: 'Bench letter',
        holdout_share: 0.1,
      })
      .execute();
    log('assigning every customer…');
    let t = performance.now();
    // assignArm's draw, in SQL: the first 48 bits of SHA-256("program:customer") over 2^48.
    await sql`
      insert into program_assignment (customer_id, program_id, arm, eligible_at, holdout_share)
      select c.id, ${PROGRAM}::uuid,
        case when ('x' || left(encode(sha256(convert_to(${PROGRAM} || ':' || c.id, 'UTF8')), 'hex'), 12))::bit(48)::bigint
                  / 281474976710656.0 < 0.1 then 'held-out' else 'treated' end,
        ${eligibleAt.toISOString()}::timestamptz, 0.1
      from customer c`.execute(db);
    await sql`analyze program_assignment`.execute(db);
    const assignSeconds = (performance.now() - t) / 1000;
    const sample = await db
      .selectFrom('program_assignment')
      .select(['customer_id', 'arm'])
      .limit(1000)
      .execute();
    const mismatched = sample.filter(
      (r) => (armDraw(PROGRAM, r.customer_id) < 0.1 ? 'held-out' : 'treated') !== r.arm,
    ).length;
    if (mismatched) throw new Error(`${mismatched} of 1000 SQL draws differ from assignArm's`);

    const ctx = { db, clock: { now: () => end } };
    if (a.explain) {
      // The plan of the report's statement, for tuning: caught on its way to the server, run
      // again under EXPLAIN ANALYZE, printed to stderr.
      let caught: { text: string; values: unknown[] } | undefined;
      const query = pg.Client.prototype.query;
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        if (typeof args[0] === 'string' && args[0].includes('cross join lateral'))
          caught = { text: args[0], values: args[1] as unknown[] };
        return (query as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof query;
      await buildUpliftReport(ctx, { programIds: [PROGRAM], currency: 'USD' });
      pg.Client.prototype.query = query;
      if (!caught) throw new Error('the report statement was not seen');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const plan = await client.query(`explain (analyze, buffers) ${caught.text}`, caught.values);
      await client.end();
      log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
      return;
    }
    log('uplift report…');
    let report: Awaited<ReturnType<typeof buildUpliftReport>> = [];
    const upliftMs = await median(async () => {
      report = await buildUpliftReport(ctx, { programIds: [PROGRAM], currency: 'USD' });
    });
    log('baseline count(*)…');
    const countMs = await median(() =>
      sql`select program_id, arm, count(*) from program_assignment where program_id = ${PROGRAM}::uuid group by 1, 2`.execute(
        db,
      ),
    );
    log('touchpoint floor…');
    // What reading the same windows' touchpoints costs with nothing computed: the report's floor.
    // Counting alone would be an index-only scan; one column from each row makes it read the rows.
    const floor = (column: 'i.occurred_at' | 'i.kind') =>
      median(() =>
        sql`select sum(o.n) from program_assignment a cross join lateral (
              select count(${sql.raw(column)}) n from interaction i where i.customer_id = a.customer_id
                and i.occurred_at > a.eligible_at - interval '365 days' and i.occurred_at <= a.eligible_at + interval '90 days') o
            where a.program_id = ${PROGRAM}::uuid`.execute(db),
      );
    const indexMs = await floor('i.occurred_at');
    const floorMs = await floor('i.kind');
    const p = report[0];
    const retention = p?.metrics.find((m) => m.metric === 'retention' && m.days === 90);
    const revenue = p?.metrics.find((m) => m.metric === 'revenue' && m.days === 90);
    const perMillion = (ms: number) => ((ms / CUSTOMERS) * 1e6) / 1000;
    console.log(`## Outreach: the uplift report (issue 11)

Run ${new Date().toISOString()} by \`npx tsx bench/uplift-report.ts --customers ${CUSTOMERS} --events ${EVENTS} --runs ${RUNS}\`; ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown CPU'}) shared with other work, load average at the end ${os.loadavg()[0]?.toFixed(1)}, Node ${process.version}. Data: ${gen.description}; generated in ${gen.seconds.toFixed(1)} s. Every customer in one campaign with a 10% holdout (${secs(assignSeconds * 1000)} s to assign them all in one INSERT … SELECT, the draw checked against \`assignArm\` on 1,000 customers), eligible 120 days before the data ends.

| read over ${CUSTOMERS.toLocaleString()} assignments | median of ${RUNS} | ratio | per 1M customers (linear) |
|---|---:|---:|---:|
| \`buildUpliftReport\`: 6 metrics × 2 arms, Welch + CUPED sums, one statement | ${secs(upliftMs)} s | ${(upliftMs / countMs).toFixed(1)}× | ${perMillion(upliftMs).toFixed(1)} s |
| baseline: \`count(*)\` grouped by program and arm | ${secs(countMs)} s | 1.0× | ${perMillion(countMs).toFixed(1)} s |
| the same windows' touchpoints counted from the index only | ${secs(indexMs)} s | ${(indexMs / countMs).toFixed(1)}× | ${perMillion(indexMs).toFixed(1)} s |
| floor: the same windows' touchpoints read (index range scan + rows), nothing computed | ${secs(floorMs)} s | ${(floorMs / countMs).toFixed(1)}× | ${perMillion(floorMs).toFixed(1)} s |

The report costs ${(upliftMs / floorMs).toFixed(1)}× reading its touchpoints (${CUSTOMERS.toLocaleString()} index range scans over 455 days of each customer's timeline, and the rows); the difference is computing, per customer, seven filtered aggregates over them and then the 40 sums per arm.

Arms: ${p?.arms.treated.customers.toLocaleString()} treated, ${p?.arms.heldOut.customers.toLocaleString()} held out. The generated data has no treatment effect: ${retention?.summary}; ${revenue?.summary}.
`);
  } finally {
    await db.destroy();
    await dropBenchDatabase(adminUrl, name);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
