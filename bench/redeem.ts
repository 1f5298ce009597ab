/**
 * Redemption throughput (issue 12, point 7): `connections` concurrent HTTP clients redeem rewards
 * for customers through `POST /api/v1/loyalty/customers/:id/redemptions` on a real server process,
 * then the same number of workers run the bare SQL of one redemption on a `pg` pool of that size.
 * Each side gets its own cohort of customers with the same balances; a quarter of the requests go to
 * a few "hot" customers, so parallel redemptions contend for one balance and run it dry. Afterwards
 * SQL checks that nobody was over-spent. Run by `npm run bench -- --only redeem [--redeem-customers
 * N --connections 32 --duration 20]`, or directly: `npx tsx bench/redeem.ts [customers] [seconds]`.
 */
import os from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import { Pool } from 'undici';
import { migrate } from '../src/kernel/db/migrate.ts';
import { createDb, type Db } from '../src/kernel/db/pool.ts';
import { createApiKey } from '../src/modules/staff/index.ts';
import { createBenchDatabase, dropBenchDatabase, withDatabase } from './bench-db.ts';
import { createRng, type Rng } from './random.ts';
import { startServer } from './server-process.ts';
import { fmt, Latencies, type LatencySummary, loadAverage } from './stats.ts';

const log = (s: string) => process.stderr.write(`${s}\n`);

const BALANCE = 1000;
const HOT = 8;
/** Share of requests that go to the hot customers, and that resend the worker's previous request. */
const HOT_SHARE = 0.25;
const RETRY_SHARE = 0.05;
const REWARDS = [
  { name: 'Ten off', kind: 'discount', points: 100, code: 'generated' },
  { name: 'Partner spa day', kind: 'partner', points: 60, code: 'pool' },
  { name: 'Tote bag', kind: 'gift', points: 40, code: 'none' },
] as const;

type Reward = { id: string; points: number; code: 'generated' | 'pool' | 'none' };
type Attempt = { customerId: string; reward: Reward; key: string };
type Counts = { redeemed: number; refused: number; replayed: number; errors: number };
export type RedeemSide = LatencySummary & Counts & { perSecond: number };

async function seed(db: Db, cohort: string, customers: number): Promise<string[]> {
  const ids = await sql<{ id: string }>`insert into customer (id, name, emails, time_zone, locale)
    select gen_random_uuid(), ${cohort} || ' customer ' || i, array[${cohort} || i || '@bench.example'], 'UTC', 'en'
    from generate_series(1, ${customers}) as i returning id`.execute(db);
  // Available since yesterday: the whole balance can be spent at once.
  await sql`insert into loyalty_ledger (customer_id, points, reason, source, idempotency_key, kind, effective_at, available_at)
    select id, ${BALANCE}, 'Bench balance', 'bench', 'bench:balance', 'earn', now() - interval '1 day', now() - interval '1 day'
    from customer where name like ${`${cohort} customer %`}`.execute(db);
  return ids.rows.map((r) => r.id);
}

async function seedRewards(db: Db, codes: number): Promise<Reward[]> {
  const out: Reward[] = [];
  for (const r of REWARDS) {
    const row = await db
      .insertInto('loyalty_reward')
      .values({
        name: r.name,
        kind: r.kind,
        points: r.points,
        code_source: r.code,
        code_prefix: r.code === 'generated' ? 'BENCH' : null,
        partner_name: r.kind === 'partner' ? 'Bench Spa' : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    out.push({ id: row.id, points: r.points, code: r.code });
    if (r.code === 'pool')
      await sql`insert into loyalty_reward_code (code, reward_id)
        select 'SPA' || lpad(i::text, 8, '0'), ${row.id}::uuid from generate_series(1, ${codes}) as i`.execute(
        db,
      );
  }
  return out;
}

/** What the next request is: a hot or an ordinary customer, a random reward, a fresh key. */
function nextAttempt(rng: Rng, ids: string[], rewards: Reward[], worker: number, n: number): Attempt {
  const hot = rng.next() < HOT_SHARE;
  const customerId = hot
    ? (ids[Math.floor(rng.next() * HOT)] as string)
    : (ids[HOT + Math.floor(rng.next() * (ids.length - HOT))] as string);
  const reward = rewards[Math.floor(rng.next() * rewards.length)] as Reward;
  return { customerId, reward, key: `w${worker}-${n}` };
}

/**
 * Runs `connections` workers for `seconds`; each picks an attempt (or, now and then, resends its
 * previous one, which must be answered as a replay) and hands it to `redeem`.
 */
async function drive(
  connections: number,
  seconds: number,
  seedValue: number,
  ids: string[],
  rewards: Reward[],
  redeem: (a: Attempt, retry: boolean) => Promise<'redeemed' | 'refused' | 'replayed'>,
): Promise<RedeemSide> {
  const latencies = new Latencies();
  const counts: Counts = { redeemed: 0, refused: 0, replayed: 0, errors: 0 };
  const deadline = performance.now() + seconds * 1000;
  let firstError: unknown;
  await Promise.all(
    Array.from({ length: connections }, async (_, w) => {
      const rng = createRng(seedValue * 1000 + w);
      let previous: Attempt | undefined;
      for (let n = 0; performance.now() < deadline; n++) {
        const retry = !!previous && rng.next() < RETRY_SHARE;
        const a = retry && previous ? previous : nextAttempt(rng, ids, rewards, w, n);
        const t0 = performance.now();
        try {
          const outcome = await redeem(a, retry);
          counts[outcome]++;
          if (outcome === 'redeemed') {
            latencies.add(performance.now() - t0);
            previous = a;
          }
        } catch (err) {
          firstError ??= err;
          counts.errors++;
        }
      }
    }),
  );
  if (firstError) log(`first error: ${(firstError as Error).message}`);
  return { ...latencies.summary(), ...counts, perSecond: counts.redeemed / seconds };
}

function viaApi(http: Pool, apiKey: string) {
  return async (a: Attempt, retry: boolean) => {
    const res = await http.request({
      method: 'POST',
      path: `/api/v1/loyalty/customers/${a.customerId}/redemptions`,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ rewardId: a.reward.id, key: a.key }),
    });
    const body = (await res.body.json()) as { replayed?: boolean; error?: { message: string } };
    if (res.statusCode === 201 && !retry) return 'redeemed';
    if (res.statusCode === 200 && retry && body.replayed) return 'replayed';
    if (res.statusCode === 409 && !retry) return 'refused';
    throw new Error(`HTTP ${res.statusCode} (retry ${retry}): ${JSON.stringify(body)}`);
  };
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * The bare SQL of one redemption, as the domain function sends it, without the HTTP, validation,
 * audit and timeline entry around it: the customer's lock, the key check, the balance, the spend,
 * the redemption row and its code, in one transaction.
 */
function viaSql(pool: pg.Pool, rng: Rng) {
  return async (a: Attempt, retry: boolean) => {
    const c = await pool.connect();
    try {
      await c.query('begin');
      await c.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`loyalty:${a.customerId}`]);
      const key = `sql:${a.key}`;
      const seen = await c.query(
        'select id from loyalty_redemption where customer_id = $1 and idempotency_key = $2',
        [a.customerId, key],
      );
      if (seen.rowCount) {
        await c.query('commit');
        if (retry) return 'replayed';
        throw new Error('a fresh key was already used');
      }
      await c.query('select * from loyalty_reward where id = $1', [a.reward.id]);
      const { rows } = await c.query<{ p: string }>(
        'select coalesce(sum(points), 0) as p from loyalty_ledger where customer_id = $1 and available_at <= now()',
        [a.customerId],
      );
      if (Number(rows[0]?.p) < a.reward.points) {
        await c.query('rollback');
        return 'refused';
      }
      const spend = await c.query<{ id: string }>(
        `insert into loyalty_ledger (customer_id, points, reason, source, idempotency_key, kind, properties, effective_at, available_at)
         values ($1, $2, 'Redeemed', 'reward', $3, 'spend', $4, now(), now()) returning id`,
        [a.customerId, -a.reward.points, `redeem:${key}`, JSON.stringify({ rewardId: a.reward.id })],
      );
      const red = await c.query<{ id: string }>(
        `insert into loyalty_redemption (reward_id, customer_id, idempotency_key, points, channel, ledger_entry_id, created_at)
         values ($1, $2, $3, $4, 'staff', $5, now()) returning id`,
        [a.reward.id, a.customerId, key, a.reward.points, spend.rows[0]?.id],
      );
      const id = red.rows[0]?.id;
      if (a.reward.code === 'pool') {
        const got = await c.query(
          `update loyalty_reward_code set redemption_id = $2 where code = (select code from loyalty_reward_code
             where reward_id = $1 and redemption_id is null order by code limit 1 for update skip locked) returning code`,
          [a.reward.id, id],
        );
        await c.query('update loyalty_redemption set code = $2 where id = $1', [id, got.rows[0]?.code]);
      } else if (a.reward.code === 'generated') {
        const body = Array.from({ length: 8 }, () => CODE_ALPHABET[Math.floor(rng.next() * 32)]).join('');
        await c.query('select id from loyalty_redemption where code = $1', [`BENCH-${body}`]);
        await c.query('update loyalty_redemption set code = $2 where id = $1', [id, `BENCH-${body}`]);
      }
      await c.query('commit');
      return 'redeemed';
    } catch (err) {
      await c.query('rollback').catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  };
}

export type OverSpendCheck = {
  negative: number;
  redemptions: number;
  spends: number;
  redeemedPoints: number;
  spentPoints: number;
  unlinked: number;
};

/** Over-spends, in SQL: balances below zero, and redemptions against the ledger's spends. */
async function checkCohort(db: Db, ids: string[]): Promise<OverSpendCheck> {
  const r = await sql<OverSpendCheck>`
    with b as (select customer_id, sum(points) as p from loyalty_ledger where customer_id = any(${ids}::uuid[]) group by 1)
    select
      (select count(*) from b where p < 0)::int as negative,
      (select count(*) from loyalty_redemption where customer_id = any(${ids}::uuid[]))::int as redemptions,
      (select count(*) from loyalty_ledger where customer_id = any(${ids}::uuid[]) and kind = 'spend')::int as spends,
      (select coalesce(sum(points), 0) from loyalty_redemption where customer_id = any(${ids}::uuid[]))::int as "redeemedPoints",
      (select coalesce(-sum(points), 0) from loyalty_ledger where customer_id = any(${ids}::uuid[]) and kind = 'spend')::int as "spentPoints",
      (select count(*) from loyalty_redemption r where customer_id = any(${ids}::uuid[])
         and not exists (select 1 from loyalty_ledger l where l.customer_id = r.customer_id and l.id = r.ledger_entry_id
           and l.points = -r.points))::int as unlinked`.execute(db);
  return r.rows[0] as OverSpendCheck;
}

const clean = (c: OverSpendCheck, s: RedeemSide) =>
  c.negative === 0 &&
  c.redemptions === c.spends &&
  c.redeemedPoints === c.spentPoints &&
  c.unlinked === 0 &&
  c.redemptions === s.redeemed;

/** Runs both sides and returns a Markdown section for bench/RESULTS.md. */
export async function runRedeem(opts: {
  adminUrl: string;
  customers: number;
  connections: number;
  seconds: number;
}): Promise<string> {
  const loadBefore = loadAverage();
  const name = await createBenchDatabase(opts.adminUrl, {
    seed: 3,
    customers: opts.customers * 2,
    events: 0,
  });
  const url = withDatabase(opts.adminUrl, name);
  const { db } = createDb(url, 4);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.connections,
    application_name: 'tenure-bench',
  });
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let http: Pool | undefined;
  try {
    await migrate(db);
    log(`redeem: ${opts.customers} customers per side with ${BALANCE} points each`);
    const apiIds = await seed(db, 'api', opts.customers);
    const sqlIds = await seed(db, 'sql', opts.customers);
    const rewards = await seedRewards(db, opts.customers * 40);
    await sql`analyze`.execute(db);
    const { key } = await createApiKey({ db }, { name: 'redeem-bench', scopes: ['write'] });
    server = await startServer(url);
    http = new Pool(server.url, { connections: opts.connections, pipelining: 1 });
    log(`redeem: API, ${opts.connections} clients, ${opts.seconds} s`);
    const api = await drive(opts.connections, opts.seconds, 1, apiIds, rewards, viaApi(http, key));
    log(`redeem: bare SQL, ${opts.connections} workers, ${opts.seconds} s`);
    const bare = await drive(opts.connections, opts.seconds, 1, sqlIds, rewards, viaSql(pool, createRng(9)));
    const [apiCheck, sqlCheck] = [await checkCohort(db, apiIds), await checkCohort(db, sqlIds)];
    const loadAfter = loadAverage();
    const ok = clean(apiCheck, api) && clean(sqlCheck, bare) && api.errors === 0 && bare.errors === 0;
    if (!ok) process.exitCode = 1;
    const row = (label: string, s: RedeemSide, c: OverSpendCheck) =>
      `| ${label} | ${fmt(s.perSecond)} | ${fmt(s.p50, 2)} | ${fmt(s.p99, 2)} | ${s.redeemed} | ${s.refused} | ${s.replayed} | ${s.errors} | ${c.negative} | ${c.redemptions} = ${c.spends} spends; ${c.redeemedPoints} = ${c.spentPoints} points; ${c.unlinked} unlinked |`;
    return [
      `## Loyalty: redemption throughput, ${opts.connections} clients (issue 12.7) — ${new Date().toISOString().slice(0, 16)}Z`,
      '',
      `\`npm run bench -- --only redeem\` (bench/redeem.ts). Machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, PostgreSQL on 127.0.0.1. ` +
        `${opts.customers} customers per side with ${BALANCE} points each; rewards of 100 (generated code), 60 (code pool) and 40 points (no code); ` +
        `${HOT_SHARE * 100}% of requests on ${HOT} hot customers; ${RETRY_SHARE * 100}% resend a request already answered (must come back as a replay). ` +
        `${opts.seconds} s per side. Load average before: ${loadBefore}; after: ${loadAfter}.`,
      '',
      '| side | redemptions/s | p50 ms | p99 ms | redeemed | refused (409) | replays | errors | balances < 0 | redemptions vs ledger |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
      row('API (HTTP, server process)', api, apiCheck),
      row('bare SQL of one redemption', bare, sqlCheck),
      '',
      `Ratio API / bare SQL: ${(api.perSecond / bare.perSecond).toFixed(2)} of the throughput, p50 ${(api.p50 / bare.p50).toFixed(1)}×. ` +
        `Over-spends: ${ok ? 'none (every check above holds)' : 'CHECK FAILED'}.`,
    ].join('\n');
  } finally {
    await http?.close();
    await server?.stop();
    await pool.end();
    await db.destroy();
    await dropBenchDatabase(opts.adminUrl, name);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(
    `${await runRedeem({
      adminUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      customers: Number(process.argv[2] ?? 2000),
      connections: 32,
      seconds: Number(process.argv[3] ?? 20),
    })}\n`,
  );
}
