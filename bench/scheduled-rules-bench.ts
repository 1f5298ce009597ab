/**
 * `npx tsx bench/scheduled-rules-bench.ts [--customers 100000] [--events 5000000] [--sample 10000]`
 *
 * The nightly red-flag pass (issue 4: "a schedule, e.g. every night over all active customers"):
 * how long reading what the rules need (profile, timeline aggregates, open items, insight scores)
 * takes per customer. Generated data (bench/generate.ts, the same generator as `npm run bench`)
 * in a fresh tenure_bench_* database on DATABASE_URL, scored once by insight so rules see
 * scores, then `--sample` active customers read three ways in the same process:
 * - one customer at a time through `buildRuleFacts`, the event path (baseline);
 * - a page of 200 at a time through `buildRuleFactsBatch`, what `evaluateCustomers` does;
 * - the page's three bare statements on a pg client (the floor).
 * Then one real `evaluateCustomers` pass over the sample (facts, conditions, and the cases the
 * shipped scheduled rules raise). Prints a Markdown section for bench/RESULTS.md; drops its
 * database at the end.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { systemClock } from '../src/kernel/clock.ts';
import { loadConfig } from '../src/kernel/config.ts';
import type { Ctx } from '../src/kernel/context.ts';
import { createDb } from '../src/kernel/db/pool.ts';
import { startQueue } from '../src/kernel/jobs/queue.ts';
import { createLogger } from '../src/kernel/log.ts';
import { CUSTOMER_360_SQL } from '../src/modules/customers/get-customer-360.ts';
import { registerOpenItemsSql } from '../src/modules/customers/index.ts';
import { runScoring } from '../src/modules/insight/index.ts';
import { buildRuleFacts, buildRuleFactsBatch } from '../src/modules/loop/build-rule-facts.ts';
import { evaluateCustomers } from '../src/modules/loop/evaluate-customers.ts';
import { OPEN_LOOP_ITEMS_SQL } from '../src/modules/loop/index.ts';
import { createBenchDatabase, dropBenchDatabase, withDatabase } from './bench-db.ts';
import { generateData } from './generate.ts';

const { values: a } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    events: { type: 'string', default: '5000000' },
    sample: { type: 'string', default: '10000' },
  },
});
const CUSTOMERS = Number(a.customers);
const EVENTS = Number(a.events);
const SAMPLE = Number(a.sample);
const PAGE = 200;
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (s: string) => process.stderr.write(`${s}\n`);
const secs = (ms: number) => (ms / 1000).toFixed(2);

// The bare statements of one page, as get-customer-360.ts (the read benchmark's copy),
// count-open-items.ts and list-rule-scores.ts send them.
const bare = {
  c360: CUSTOMER_360_SQL,
  open: `
    select customer_id, count(*)::int from (
      select customer_id from loop_case where customer_id = any($1::uuid[]) and status <> 'resolved'
      union all select customer_id from task where customer_id = any($1::uuid[]) and status = 'open'
    ) o group by customer_id`,
  scores: `
    select s.*, (select max(h.health) from insight_score_history h where h.customer_id = s.customer_id
      and h.health is not null and h.scored_on >= ((s.scored_at at time zone 'UTC') - interval '30 days')::date)
    from insight_score s where s.customer_id = any($1::uuid[])`,
};

async function main() {
  const name = await createBenchDatabase(adminUrl, { seed: 7, customers: CUSTOMERS, events: EVENTS });
  const url = withDatabase(adminUrl, name);
  const { db } = createDb(url, 4);
  try {
    log(`generating ${CUSTOMERS} customers, ${EVENTS} events in ${name}…`);
    const gen = await generateData(
      url,
      { seed: 7, customers: CUSTOMERS, events: EVENTS, end: new Date() },
      log,
    );
    registerOpenItemsSql(OPEN_LOOP_ITEMS_SQL);
    // A real queue: raising a flag enqueues its notifications in the same commit.
    const queue = await startQueue(createLogger('silent'), url, { maintenance: false });
    const ctx: Ctx = {
      db,
      clock: systemClock,
      log: createLogger('silent'),
      queue,
      config: loadConfig({ ...process.env, DATABASE_URL: url }),
    };
    log('scoring…');
    await runScoring(ctx, { trigger: 'bench', settings: { paretoSampleSize: 0 } });
    const ids = (
      await db
        .selectFrom('customer')
        .select('id')
        .where('status', '=', 'active')
        .orderBy('id')
        .limit(SAMPLE)
        .execute()
    ).map((r) => r.id);
    const pages: string[][] = [];
    for (let i = 0; i < ids.length; i += PAGE) pages.push(ids.slice(i, i + PAGE));

    // Warm the caches once so neither side pays for the first read of the pages.
    for (const p of pages) await buildRuleFactsBatch(ctx, p);

    log('one customer at a time…');
    let t = performance.now();
    for (const id of ids) await buildRuleFacts(ctx, id, null);
    const single = performance.now() - t;

    log('a page at a time…');
    t = performance.now();
    let built = 0;
    for (const p of pages) built += (await buildRuleFactsBatch(ctx, p)).size;
    const batched = performance.now() - t;

    log('bare statements…');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    t = performance.now();
    for (const p of pages) {
      await client.query(bare.c360, [p]);
      await client.query(bare.open, [p]);
      await client.query(bare.scores, [p]);
    }
    const floor = performance.now() - t;
    await client.end();

    log('one real nightly pass over the sample…');
    t = performance.now();
    let flags = 0;
    for (const p of pages) flags += (await evaluateCustomers(ctx, p, 'bench')).flags;
    const pass = performance.now() - t;

    await queue.stop();
    const per = (ms: number) => ((ms / ids.length) * 1000).toFixed(0);
    const at1M = (ms: number) => `${(((ms / ids.length) * 1e6) / 60_000).toFixed(1)} min`;
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    console.log(`## Loop: nightly scheduled rules (issue 4)

Run ${new Date().toISOString()} by \`npx tsx bench/scheduled-rules-bench.ts --customers ${CUSTOMERS} --events ${EVENTS} --sample ${SAMPLE}\`; ${os.cpus().length} CPUs (${cpu}), load average at the end ${os.loadavg()[0]?.toFixed(1)}, Node ${process.version}. Data: ${gen.description}; generated in ${secs(gen.seconds * 1000)} s, then scored by insight.

Reading what the rules need (profile, timeline aggregates, open items, scores) for ${ids.length.toLocaleString()} active customers, sequentially on one connection at a time:

| path | total s | µs per customer | ratio to bare SQL | 1M customers, one worker |
|---|---:|---:|---:|---:|
| one customer at a time (\`buildRuleFacts\`, 3 statements each) | ${secs(single)} | ${per(single)} | ${(single / floor).toFixed(2)}× | ${at1M(single)} |
| a page of ${PAGE} at a time (\`buildRuleFactsBatch\`, 3 statements a page) | ${secs(batched)} | ${per(batched)} | ${(batched / floor).toFixed(2)}× | ${at1M(batched)} |
| the same 3 statements a page, bare SQL on a pg client | ${secs(floor)} | ${per(floor)} | 1.00× | ${at1M(floor)} |

Facts built: ${built.toLocaleString()}. One real \`evaluateCustomers\` pass over the sample (facts, every enabled scheduled rule's condition, and the ${flags.toLocaleString()} red flags they raised, each a case with routing, SLA and tasks): ${secs(pass)} s, ${per(pass)} µs per customer.
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
