/**
 * Earning points on a bulk purchase import (issue 12, point 7): the same `tenure import` of N
 * generated purchases into two fresh databases, once without loyalty and once with three earn
 * rules (1 point per unit, ×2 for a tier, 100 on the first purchase) earning in the ingest
 * transaction; the ratio of the two times is the cost of loyalty. Run by `npm run bench -- --only
 * loyalty-earn [--earn-purchases 1000000]`, or directly: `npx tsx bench/loyalty-earn.ts [N]`.
 */
import os from 'node:os';
import { Readable } from 'node:stream';
import { systemClock } from '../src/kernel/clock.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { migrate } from '../src/kernel/db/migrate.ts';
import { createDb } from '../src/kernel/db/pool.ts';
import { startQueue } from '../src/kernel/jobs/queue.ts';
import { createLogger } from '../src/kernel/log.ts';
import { importFile, onInteractionsRecorded } from '../src/modules/customers/index.ts';
import { earnOnPurchases } from '../src/modules/loyalty/index.ts';
import { saveEarnRule } from '../src/modules/loyalty/ledger/earn-rules.ts';
import { redeemOfferCodes } from '../src/modules/outreach/index.ts';
import { createBenchDatabase, dropBenchDatabase, withDatabase } from './bench-db.ts';
import { loadAverage } from './stats.ts';

const log = (s: string) => process.stderr.write(`${s}\n`);

/** N purchases of N/5 customers over two years, as a CSV `tenure import interactions` reads. */
function* purchases(n: number): Generator<string> {
  yield 'customer,date,amount\n';
  const customers = Math.max(1, Math.floor(n / 5));
  const start = Date.UTC(2024, 0, 1);
  let x = 12345;
  const rnd = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
  let chunk = '';
  for (let i = 0; i < n; i++) {
    const day = new Date(start + Math.floor(rnd() * 730) * 86_400_000).toISOString().slice(0, 10);
    chunk += `c${(i % customers).toString().padStart(7, '0')},${day},${(5 + rnd() * 95).toFixed(2)}\n`;
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

async function importOnce(
  adminUrl: string,
  n: number,
  loyalty: boolean,
): Promise<{ seconds: number; entries: number }> {
  const name = await createBenchDatabase(adminUrl, { seed: 1, customers: Math.floor(n / 5), events: n });
  const url = withDatabase(adminUrl, name);
  const { db } = createDb(url, 4);
  let stopQueue = async () => {};
  try {
    await migrate(db);
    const queue = await startQueue(createLogger('silent'), url, { maintenance: false });
    stopQueue = () => queue.stop();
    const ctx = { db, clock: systemClock, config: loadConfig({}), queue };
    if (loyalty) {
      for (const r of [
        { name: 'One per unit', condition: 'true', points: 'int(amount)' },
        { name: 'Gold doubles', condition: "tier == 'Gold'", points: 'int(amount)' },
        { name: 'First purchase', condition: 'isFirstPurchase', points: '100' },
      ])
        await saveEarnRule(ctx, { ...r, enabled: true });
    }
    const t0 = performance.now();
    const report = await importFile(ctx, Readable.from(purchases(n)), {
      kind: 'interactions',
      source: 'bench',
      map: { externalId: 'customer', occurredAt: 'date', amount: 'amount' },
      set: { kind: 'purchase', channel: 'web' },
      currency: 'USD',
    });
    const seconds = (performance.now() - t0) / 1000;
    if (report.accepted !== n) throw new Error(`imported ${report.accepted} of ${n}`);
    const entries = Number(
      (
        await db
          .selectFrom('loyalty_ledger')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    return { seconds, entries };
  } finally {
    await stopQueue();
    await db.destroy();
    await dropBenchDatabase(adminUrl, name);
  }
}

/** Runs both imports and returns a Markdown section for bench/RESULTS.md. */
export async function runLoyaltyEarn(adminUrl: string, n: number): Promise<string> {
  const loadBefore = loadAverage();
  // The baseline is what `tenure import` wires without loyalty (offer codes are bookkeeping too).
  onInteractionsRecorded(redeemOfferCodes);
  log(`loyalty-earn: importing ${n} purchases without loyalty`);
  const without = await importOnce(adminUrl, n, false);
  onInteractionsRecorded(earnOnPurchases);
  log(`loyalty-earn: importing ${n} purchases with loyalty`);
  const withLoyalty = await importOnce(adminUrl, n, true);
  if (withLoyalty.entries !== n) throw new Error(`expected ${n} earn entries, found ${withLoyalty.entries}`);
  return [
    `## Loyalty: earning on a purchase import (issue 12) — ${new Date().toISOString().slice(0, 10)}`,
    '',
    `machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}; load average before: ${loadBefore}, after: ${loadAverage()}`,
    '',
    '| purchases | without loyalty | with loyalty (3 earn rules) | ratio | earn entries |',
    '|---:|---:|---:|---:|---:|',
    `| ${n.toLocaleString('en')} | ${without.seconds.toFixed(1)} s (${Math.round(n / without.seconds).toLocaleString('en')}/s) | ${withLoyalty.seconds.toFixed(1)} s (${Math.round(n / withLoyalty.seconds).toLocaleString('en')}/s) | ${(withLoyalty.seconds / without.seconds).toFixed(2)} | ${withLoyalty.entries.toLocaleString('en')} |`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 100_000);
  process.stdout.write(
    `${await runLoyaltyEarn(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', n)}\n`,
  );
}
