/**
 * Where one ingest batch spends its database time: runs `ingestEvents` (the batch API's domain
 * function, listeners wired as `serve` wires them) over bench-shaped events against a database kept
 * by `npm run bench -- --keep`, and prints each statement's share of the time. For profiling the
 * accept path by hand (`node --cpu-prof --import tsx bench/ingest-profile.ts NAME [BATCHES]`).
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { systemClock } from '../src/kernel/clock.ts';
import { loadConfig } from '../src/kernel/config.ts';
import type { Database } from '../src/kernel/db/database.ts';
import { startQueue } from '../src/kernel/jobs/queue.ts';
import { createLogger } from '../src/kernel/log.ts';
import { ingestEvents } from '../src/modules/customers/index.ts';
import { wireModules } from '../src/wiring.ts';
import { createRng } from './random.ts';
import { apiEvent, drawTouchpoint } from './touchpoint.ts';

const [name, batchesArg] = process.argv.slice(2);
if (!name?.startsWith('tenure_bench_'))
  throw new Error('usage: ingest-profile.ts tenure_bench_NAME [BATCHES]');
const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
url.pathname = `/${name}`;
const batches = Number(batchesArg ?? 20);

const stats = new Map<string, { n: number; ms: number }>();
const pool = new pg.Pool({ connectionString: url.href, max: 4 });
const db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool }),
  log: (e) => {
    const key = e.query.sql.replace(/\s+/g, ' ').slice(0, 110);
    const s = stats.get(key) ?? { n: 0, ms: 0 };
    s.n++;
    s.ms += e.queryDurationMillis;
    stats.set(key, s);
  },
});
const log = createLogger('warn');
const queue = await startQueue(log, url.href, { maintenance: false });
wireModules({ realTime: true });
const ctx = { db, config: loadConfig(), log, clock: systemClock, queue };

const { rows } = await pool.query<{ shop_id: string }>(
  `select external_id as shop_id from customer_identity where source = 'shop'`,
);
const rng = createRng(7);
const tag = Date.now().toString(36);
const make = (b: number) =>
  Array.from({ length: 1000 }, (_, i) => {
    const at = new Date(Date.now() - rng.int(30 * 86_400_000));
    const c = rows[rng.int(rows.length)]?.shop_id as string;
    return apiEvent(c, at, drawTouchpoint(rng, 'EUR'), `prof-${tag}-${b}-${i}`);
  });
const bodies = Array.from({ length: batches }, (_, b) => JSON.stringify(make(b)));
const t0 = performance.now();
for (const body of bodies) await ingestEvents(ctx, JSON.parse(body));
const wall = performance.now() - t0;
const total = [...stats.values()].reduce((a, s) => a + s.ms, 0);
console.log(`${batches} batches: ${wall.toFixed(0)} ms wall, ${total.toFixed(0)} ms in statements`);
for (const [sql, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
  console.log(`${s.ms.toFixed(1).padStart(8)} ms ${String(s.n).padStart(6)}×  ${sql}`);
await queue.stop();
await db.destroy();
