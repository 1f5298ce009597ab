/**
 * Re-evaluating loyalty tiers for every customer (issue 12, point 7: 1M customers ≤ 60 s), and
 * its ratio to a bare SQL aggregate over the same data (net spend per customer in the window,
 * one GROUP BY): what the tiers' set-based pages cost on top of the unavoidable read.
 * `npm run bench -- --only loyalty-tiers` runs it on the bench data set; alone:
 * `node bench/loyalty-tiers.ts [--customers 1000000] [--events 5000000]` (fresh database, dropped).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { systemClock } from '../src/kernel/clock.ts';
import { loadConfig } from '../src/kernel/config.ts';
import type { Ctx } from '../src/kernel/context.ts';
import { migrate } from '../src/kernel/db/migrate.ts';
import { createDb } from '../src/kernel/db/pool.ts';
import { startQueue } from '../src/kernel/jobs/queue.ts';
import { createLogger } from '../src/kernel/log.ts';
import { evaluateAllTiers, TIER_PAGE, tierConcurrency } from '../src/modules/loyalty/index.ts';
import { checkBenchDatabase, createBenchDatabase, dropBenchDatabase, withDatabase } from './bench-db.ts';
import { generateData } from './generate.ts';

/** Defines Silver/Gold (spend) and a tenure tier, evaluates everyone twice; returns a Markdown section. */
export async function runLoyaltyTiers(
  url: string,
  log: (s: string) => void,
  opts: { concurrency?: number } = {},
): Promise<string> {
  const config = loadConfig({ ...process.env, DATABASE_URL: url });
  const concurrency = opts.concurrency ?? tierConcurrency({ config });
  // The nightly job's own pool is the app's; here one connection per page at once, plus one.
  const { db, pool } = createDb(url, concurrency + 1);
  const queue = await startQueue(createLogger('silent'), url, { maintenance: false });
  const ctx: Ctx = {
    db,
    clock: systemClock,
    log: createLogger('silent'),
    queue,
    config,
  };
  try {
    await db.deleteFrom('loyalty_tier_member').execute();
    await db.deleteFrom('loyalty_tier_change').execute();
    await db.deleteFrom('loyalty_tier_progress').execute();
    await db.deleteFrom('loyalty_tier').execute();
    const base = {
      window_days: 365,
      downgrade: 'grace' as const,
      grace_days: 30,
      earn_multiplier: 1,
      rep_staff_ids: [],
      dedicated_rep: false,
      call_list_first: false,
      updated_at: new Date(),
    };
    await db
      .insertInto('loyalty_tier')
      .values([
        {
          id: crypto.randomUUID(),
          name: 'Silver',
          rank: 1,
          criterion: 'spend',
          threshold: 5_000,
          currency: 'USD',
          ...base,
        },
        {
          id: crypto.randomUUID(),
          name: 'Gold',
          rank: 2,
          criterion: 'spend',
          threshold: 20_000,
          currency: 'USD',
          ...base,
        },
        {
          id: crypto.randomUUID(),
          name: 'Veteran',
          rank: 3,
          criterion: 'tenure',
          threshold: 3_000,
          currency: null,
          ...base,
        },
      ])
      .execute();
    const customers = Number((await pool.query('select count(*) as n from customer')).rows[0].n);
    const pass = async () => {
      const t0 = performance.now();
      const r = await evaluateAllTiers(ctx, { concurrency });
      return { ms: performance.now() - t0, changes: r.changes };
    };
    log('tiers: first pass (everyone joins)…');
    const first = await pass();
    log('tiers: second pass (nothing changes)…');
    const second = await pass();
    log('tiers: bare aggregate…');
    const t0 = performance.now();
    await pool.query(`select customer_id, sum(case when kind = 'refund' then -amount_minor else amount_minor end)
      from interaction where kind in ('purchase', 'refund') and occurred_at >= now() - interval '365 days'
      group by customer_id`);
    const bare = performance.now() - t0;
    const s = (ms: number) => (ms / 1000).toFixed(1);
    return `## Loyalty: re-evaluating tiers (issue 12.7)

${new Date().toISOString()}; ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average at the end ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )}; ${customers.toLocaleString()} customers, pages of ${TIER_PAGE.toLocaleString()}, ${concurrency} at once.

| pass | seconds | tier changes | ratio to bare aggregate |
|---|---:|---:|---:|
| first (everyone placed) | ${s(first.ms)} | ${first.changes.toLocaleString()} | ${(first.ms / bare).toFixed(1)}× |
| nightly (no change) | ${s(second.ms)} | ${second.changes.toLocaleString()} | ${(second.ms / bare).toFixed(1)}× |
| bare SQL aggregate (net spend per customer, one GROUP BY) | ${s(bare)} | — | 1× |
`;
  } finally {
    await queue.stop();
    await db.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values: a } = parseArgs({
    options: {
      customers: { type: 'string', default: '1000000' },
      events: { type: 'string', default: '5000000' },
      // Generating 1M customers takes longer than the evaluation: keep the data to measure again.
      keep: { type: 'boolean', default: false },
      reuse: { type: 'string' },
      // Pages evaluated at once (default: one per core, as the nightly job).
      concurrency: { type: 'string' },
    },
  });
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const shape = a.reuse
    ? await checkBenchDatabase(adminUrl, a.reuse)
    : { seed: 7, customers: Number(a.customers), events: Number(a.events) };
  const name = a.reuse ?? (await createBenchDatabase(adminUrl, shape));
  const url = withDatabase(adminUrl, name);
  try {
    if (!a.reuse) await generateData(url, { ...shape, end: new Date() }, log);
    else {
      // Kept data from an older checkout: bring its schema up to this one's.
      const { db } = createDb(url, 1);
      await migrate(db).finally(() => db.destroy());
    }
    const concurrency = a.concurrency ? Number(a.concurrency) : undefined;
    console.log(await runLoyaltyTiers(url, log, { concurrency }));
  } finally {
    if (a.keep || a.reuse) log(`kept database ${name} (measure again with --reuse ${name})`);
    else await dropBenchDatabase(adminUrl, name);
  }
}
