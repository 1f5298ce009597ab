/**
 * `npx tsx bench/segment-eval.ts [--customers 1000000] [--events-per-customer 10] [--repeat 5] [--keep] [--reuse NAME]`
 *
 * Issue 11's segment figure: evaluating a realistic saved segment ("CLV in the top 10%, no
 * purchase in 60 days, P(alive) below 0.5") over N generated customers with their timelines and
 * scores, through `countSegment` (the compiled definition, one statement), against a hand-written
 * `select count(*)` with the plain equivalent WHERE in the same process and database, as a ratio.
 * Customers and touchpoints come from the shared generator (generate.ts); scores are written with
 * insight's own writer. A fresh tenure_bench_* database on DATABASE_URL, dropped at the end unless
 * --keep. Prints a Markdown section for bench/RESULTS.md.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../src/kernel/context.ts';
import { createDb } from '../src/kernel/db/pool.ts';
import { registerInsightInCustomerList } from '../src/modules/insight/index.ts';
import { type ScoreRow, writeScores } from '../src/modules/insight/scoring/write-scores.ts';
import { countSegment, type SegmentDefinition, segmentQuery } from '../src/modules/outreach/index.ts';
import { checkBenchDatabase, createBenchDatabase, dropBenchDatabase, withDatabase } from './bench-db.ts';
import { generateData } from './generate.ts';
import { createRng } from './random.ts';

const { values: a } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    'events-per-customer': { type: 'string', default: '10' },
    repeat: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
  },
});
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (s: string) => process.stderr.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)] as number;
const SEED = 11;
const END = new Date('2026-12-01T00:00:00Z');
const DAY = 86_400_000;
const REPEAT = Number(a.repeat);

const definition: SegmentDefinition = {
  match: 'all',
  conditions: [
    { field: 'clv', op: 'topPercent', value: 10, currency: 'EUR' },
    { field: 'lastPurchaseAt', op: 'notWithinLastDays', value: 60 },
    { field: 'pAlive', op: 'lt', value: 0.5 },
  ],
};

/** Scores for every customer but one in ten, with insight's own writer, one run. */
async function writeGeneratedScores(ctx: Pick<Ctx, 'db'>) {
  const rng = createRng(SEED + 9);
  const run = { id: uuidv7(), scoredAt: END, scoredOn: END.toISOString().slice(0, 10), currency: 'EUR' };
  let after = '00000000-0000-0000-0000-000000000000';
  let written = 0;
  for (;;) {
    const ids = await ctx.db
      .selectFrom('customer')
      .select('id')
      .where('id', '>', after)
      .orderBy('id')
      .limit(20_000)
      .execute();
    if (ids.length === 0) break;
    after = ids.at(-1)?.id as string;
    const rows: ScoreRow[] = [];
    for (const { id } of ids) {
      if (rng.next() < 0.1) continue;
      const pAlive = rng.next();
      rows.push({
        customerId: id,
        status: 'active',
        firstSeenOn: run.scoredOn,
        churnedOn: null,
        segments: {},
        firstPurchaseOn: null,
        lastPurchaseOn: null,
        frequency: null,
        recencyWeeks: null,
        ageWeeks: null,
        averageSpendMinor: null,
        revenueMinor: 0,
        rfm: null,
        pAlive,
        expectedPurchases: null,
        expectedSpendMinor: null,
        // Log-normal, like real CLV: a long tail of valuable customers.
        clvMinor: Math.round(Math.exp(8 + 1.2 * rng.normal())),
        churnProbability: 1 - pAlive,
        churnDrivers: [],
        health: Math.floor(rng.next() * 101),
        components: [],
        lapsed: pAlive < 0.3,
      });
    }
    await writeScores(ctx, run, rows);
    written += rows.length;
  }
  return written;
}

const customers = Number(a.customers);
const events = customers * Number(a['events-per-customer']);
const shape = { seed: SEED, customers, events };
const name = a.reuse ?? (await createBenchDatabase(adminUrl, shape));
if (a.reuse) Object.assign(shape, await checkBenchDatabase(adminUrl, a.reuse));
const url = withDatabase(adminUrl, name);
const { db } = createDb(url, 4);
try {
  let generation = '';
  if (!a.reuse) {
    const g = await generateData(url, { seed: SEED, customers, events, end: END }, log);
    const t0 = performance.now();
    const scored = await writeGeneratedScores({ db });
    await sql`analyze insight_score`.execute(db);
    generation = `generated in ${g.seconds.toFixed(0)} s (${g.description}); ${scored.toLocaleString('en-US')} scored in ${((performance.now() - t0) / 1000).toFixed(0)} s`;
    log(generation);
  }
  registerInsightInCustomerList();
  const ctx = { db, clock: { now: () => END } };
  const since = new Date(END.getTime() - 60 * DAY);
  const baseline = () =>
    sql<{ n: number }>`
      select count(*)::int as n from customer c join insight_score s on s.customer_id = c.id
      where c.erased_at is null and s.currency = 'EUR'
        and s.clv_minor >= (select clv_minor from insight_score where currency = 'EUR' and clv_minor is not null
          order by clv_minor desc limit 1 offset (select ceil(count(*) * 0.1)::bigint - 1
            from insight_score where currency = 'EUR' and clv_minor is not null))
        and s.p_alive < 0.5
        and not exists (select 1 from interaction i where i.customer_id = c.id and i.kind = 'purchase'
                        and i.occurred_at >= ${since})`.execute(db);

  const timed = async (f: () => Promise<number>) => {
    const t0 = performance.now();
    const n = await f();
    return { n, s: (performance.now() - t0) / 1000 };
  };
  // One warm-up of each, then alternate so both see the same cache.
  await timed(() => countSegment(ctx, { definition }, { statementTimeoutMs: 600_000 }));
  await timed(async () => (await baseline()).rows[0]?.n ?? 0);
  const seg: number[] = [];
  const base: number[] = [];
  let counts = { seg: 0, base: 0 };
  for (let k = 0; k < REPEAT; k++) {
    const x = await timed(() => countSegment(ctx, { definition }, { statementTimeoutMs: 600_000 }));
    const y = await timed(async () => (await baseline()).rows[0]?.n ?? 0);
    seg.push(x.s);
    base.push(y.s);
    counts = { seg: x.n, base: y.n };
    log(`run ${k + 1}: segment ${x.s.toFixed(3)} s (${x.n}), baseline ${y.s.toFixed(3)} s (${y.n})`);
  }
  if (counts.seg !== counts.base) throw new Error(`segment counted ${counts.seg}, baseline ${counts.base}`);
  // The plan, for whoever wonders where the time goes.
  const q = await segmentQuery(ctx, { definition });
  const plan = await sql<{ 'QUERY PLAN': string }>`explain (analyze, costs off)
    select count(*) from ${q.from} where ${q.where}`.execute(db);
  log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const [pg] = (await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db)).rows;
  const out = [
    `### ${customers.toLocaleString('en-US')} customers, ${events.toLocaleString('en-US')} touchpoints (${new Date().toISOString().slice(0, 16)} UTC, load ${os.loadavg()[0]?.toFixed(1)})`,
    '',
    `Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GB, PostgreSQL ${pg?.v}, Node ${process.version}. ${generation}`,
    '',
    'Segment: CLV (EUR) in the top 10%, no purchase in the last 60 days (or never), P(alive) < 0.5.',
    '',
    '| | median s | runs (s) | customers |',
    '| --- | ---: | --- | ---: |',
    `| countSegment (compiled definition) | ${median(seg).toFixed(3)} | ${seg.map((s) => s.toFixed(3)).join(', ')} | ${counts.seg.toLocaleString('en-US')} |`,
    `| baseline: hand-written count(*) | ${median(base).toFixed(3)} | ${base.map((s) => s.toFixed(3)).join(', ')} | ${counts.base.toLocaleString('en-US')} |`,
    '',
    `Ratio segment / baseline: **${(median(seg) / median(base)).toFixed(2)}** (target: ≤ 2 s at 1M customers).`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  await db.destroy();
  if (a.keep || a.reuse) log(`kept database ${name}`);
  else await dropBenchDatabase(adminUrl, name);
}
