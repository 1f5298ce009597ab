/**
 * `npx tsx bench/scoring-phases.ts [--customers 100000] [--before main]`
 *
 * Issue 14.5: a scoring run from the timeline, end to end, with its phase split; and the
 * engagement aggregation both ways on the same data: from the daily rollup (this checkout) and
 * from the timeline (summarize-engagement.ts as it is at git revision `--before`, loaded from git
 * into a temporary file next to this one and removed afterwards). Also EXPLAINs (ANALYZE, BUFFERS)
 * every statement the run sends to `interaction`. Generation (through the timeline's triggers,
 * so the rollups are kept; `--bulk`: triggers off, then the rollups rebuilt once) is timed but not
 * counted. Uses a fresh tenure_bench_* database, dropped at the end unless `--keep`; `--reuse NAME`
 * runs again on a kept one (scores truncated first); `--run-only` prints just the phase split.
 * Run under the bench lock; prints a Markdown section.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { systemClock } from '../src/kernel/clock.ts';
import { migrate } from '../src/kernel/db/migrate.ts';
import { createDb } from '../src/kernel/db/pool.ts';
import { createLogger } from '../src/kernel/log.ts';
import { summarizeEngagement } from '../src/modules/customers/index.ts';
import { insightSettings } from '../src/modules/insight/get-settings.ts';
import { runScoring } from '../src/modules/insight/run-scoring.ts';
import { checkBenchDatabase, createBenchDatabase, dropBenchDatabase, withDatabase } from './bench-db.ts';
import { generateTimeline } from './insight/generate-timeline.ts';

const { values: a } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    before: { type: 'string', default: 'main' },
    // Generate with triggers off and rebuild the rollups once (what 1M customers needs).
    bulk: { type: 'boolean', default: false },
    // Keep the generated database for re-runs; --reuse NAME runs on it again (scores cleared first).
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
    // Only the run and its phase split (no engagement comparison, no EXPLAINs of the timeline).
    'run-only': { type: 'boolean', default: false },
  },
});
const N = Number(a.customers);
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (s: string) => process.stderr.write(`${s}\n`);
const secs = (ms: number) => (ms / 1000).toFixed(2);
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

type Summarize = typeof summarizeEngagement;

/** The engagement aggregation as it was at `rev`: a temporary copy, imported, then deleted. */
async function engagementAt(rev: string): Promise<Summarize> {
  const text = execFileSync('git', ['show', `${rev}:src/modules/customers/summarize-engagement.ts`], {
    encoding: 'utf8',
  });
  const file = path.join(import.meta.dirname, `.engagement-${rev.replace(/\W/g, '_')}-${process.pid}.ts`);
  // Its only runtime import is kysely; the others are types, erased.
  fs.writeFileSync(file, text);
  try {
    return ((await import(file)) as { summarizeEngagement: Summarize }).summarizeEngagement;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

async function main() {
  const before = await engagementAt(a.before as string);
  const out = [
    `## Insight: scoring from rollups, phase split (issue 14.5) — ${new Date().toISOString().slice(0, 16)}Z`,
    '',
    `\`flock /tmp/tenure-bench.lock npx tsx bench/scoring-phases.ts --customers ${N} --before ${a.before}\`; ` +
      `${os.cpus().length} CPUs shared with other work, Node ${process.version}. Load average at start: ${load()}.`,
    '',
  ];
  if (a.reuse) await checkBenchDatabase(adminUrl, a.reuse);
  const name = a.reuse ?? (await createBenchDatabase(adminUrl, { seed: 0, customers: N, events: 0 }));
  const url = withDatabase(adminUrl, name);
  const { db } = createDb(url, 4);
  const ctx = { db, clock: systemClock, log: createLogger('silent') };
  try {
    await migrate(db);
    let events: number;
    let genMs = 0;
    if (a.reuse) {
      // Every run then starts from no scores, as the first run on a fresh database does.
      await sql`truncate insight_score, insight_score_history`.execute(db);
      await sql`vacuum analyze insight_score, insight_score_history`.execute(db);
      events =
        (await sql<{ n: number }>`select count(*)::int as n from interaction`.execute(db)).rows[0]?.n ?? 0;
    } else {
      log(`generating ${N} customers…`);
      const g0 = performance.now();
      events = await generateTimeline(db, N, { bulk: a.bulk });
      genMs = performance.now() - g0;
    }
    const rollupRows = (
      await sql<{ n: number }>`select count(*)::int as n from customer_activity_day`.execute(db)
    ).rows[0]?.n;
    log('scoring…');
    const r = await runScoring(ctx, { trigger: 'bench', settings: { paretoSampleSize: 0 } });
    const total = Object.values(r.timings).reduce((s, v) => s + v, 0);
    const loadAfterRun = load();
    const generated = a.reuse
      ? `database ${name} reused (scores truncated before the run)`
      : `generation ${a.bulk ? 'with triggers off, then rebuild_customer_rollups' : 'through the triggers'}, not counted: ${secs(genMs)} s`;
    const phases = [
      `${N.toLocaleString('en')} customers, ${events.toLocaleString('en')} events (${rollupRows?.toLocaleString('en')} activity-day rows); ${generated}.`,
      '',
      '| runScoring phase | seconds |',
      '|---|--:|',
      ...Object.entries(r.timings).map(([k, v]) => `| ${k} | ${secs(v)} |`),
      `| **end to end** | **${secs(total)}** |`,
      '',
      `Of the score phase: ${secs(r.scoreSplit.computeMs)} s scoring in Node, ${secs(r.scoreSplit.waitMs)} s waiting for writes.`,
      '',
      `Load average after the run: ${loadAfterRun}.`,
    ];
    if (a['run-only']) {
      process.stdout.write(`${[...out, ...phases].join('\n')}\n`);
      return;
    }

    // The engagement aggregation alone, both ways, with the run's own options; same data.
    const settings = insightSettings.parse({});
    const through = r.through;
    const cutoff = new Date(Date.parse(`${through}T00:00:00Z`) - settings.churnHorizonDays * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const opts = { through, cutoff, windowDays: settings.engagementWindowDays, currency: settings.currency };
    const timed = async (f: Summarize) => {
      const t0 = performance.now();
      await f(ctx, opts, () => {});
      return performance.now() - t0;
    };
    log('engagement both ways…');
    const fromRollup = await timed(summarizeEngagement);
    const fromTimeline = await timed(before);
    const fromRollup2 = await timed(summarizeEngagement);

    // What the run still reads from `interaction`.
    const end = new Date(Date.parse(`${through}T00:00:00Z`) + 2 * 86_400_000);
    const explain = async (label: string, q: ReturnType<typeof sql>) => {
      const p = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers, timing off) ${q}`.execute(db);
      const lines = p.rows.map((x) => x['QUERY PLAN']);
      const exec = lines.find((l) => l.startsWith('Execution Time')) ?? '';
      const top = lines.find((l) => l.includes('Buffers')) ?? '';
      return `| ${label} | ${exec.replace('Execution Time: ', '')} | ${top.trim()} |`;
    };
    const explains = [
      await explain(
        'purchase currencies as check-currency read them until it moved to customer_activity_day',
        sql`select currency, count(*)::int, sum(amount_minor) from interaction
          where kind = 'purchase' and amount_minor is not null and currency is not null and occurred_at < ${end}
          group by currency`,
      ),
      await explain(
        'cohorts (summarize-purchase-months): purchases by local month',
        sql`select i.customer_id, date_trunc('month', i.occurred_at at time zone coalesce(c.time_zone, 'UTC'))::date,
            sum(i.amount_minor) from interaction i join customer c on c.id = i.customer_id
          where i.kind = 'purchase' and i.occurred_at < ${end} group by 1, 2`,
      ),
    ];
    out.push(
      ...phases,
      '',
      '| engagement aggregation alone, same data | seconds |',
      '|---|--:|',
      `| from \`customer_activity_day\` (this branch), first / again after the timeline read | ${secs(fromRollup)} / ${secs(fromRollup2)} |`,
      `| from \`interaction\` (summarize-engagement.ts at ${a.before}) | ${secs(fromTimeline)} |`,
      '',
      `End to end with the timeline read instead (this run's total − engagement + the timeline read): ` +
        `${secs(total - (r.timings.engagement ?? 0) + fromTimeline)} s.`,
      '',
      '| statement still reading `interaction` | execution | buffers (top node) |',
      '|---|--:|---|',
      ...explains,
      '',
      `Load average at the end: ${load()}.`,
    );
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await db.destroy();
    if (a.keep || a.reuse) log(`kept database ${name} (re-run with --reuse ${name})`);
    else await dropBenchDatabase(adminUrl, name);
  }
}

await main();
