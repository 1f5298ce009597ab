/**
 * `npx tsx bench/rollup-overhead.ts [--customers 20000] [--batches 200]`
 *
 * What the customer rollups cost at ingest: the same batches of 1,000 touchpoints (the events
 * API's statement shape, `insert … select from unnest … on conflict do nothing`) inserted with the
 * `interaction_rollup` and `interaction_activity_rollup` triggers enabled and disabled, alternating batch by batch so drift in the
 * machine's load hits both sides alike. Reports PostgreSQL backend CPU and wall time per 1,000
 * events (the backend's own /proc counters: same machine). Uses a fresh tenure_bench_* database,
 * dropped at the end. Prints a Markdown table for bench/RESULTS.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrate } from '../src/kernel/db/migrate.ts';
import { createDb } from '../src/kernel/db/pool.ts';
import { createBenchDatabase, dropBenchDatabase, withDatabase } from './bench-db.ts';

const { values: a } = parseArgs({
  options: { customers: { type: 'string', default: '20000' }, batches: { type: 'string', default: '200' } },
});
const CUSTOMERS = Number(a.customers);
const BATCHES = Number(a.batches);
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

const cpuTicks = (pid: number) => {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(f[11]) + Number(f[12]);
};

const name = await createBenchDatabase(adminUrl, { seed: 1, customers: CUSTOMERS, events: 0 });
const url = withDatabase(adminUrl, name);
try {
  const { db } = createDb(url, 2);
  await migrate(db).finally(() => db.destroy());
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`insert into customer (id, first_seen_at)
    select gen_random_uuid(), now() - interval '2 years' from generate_series(1, ${CUSTOMERS})`);
  const ids = (await client.query<{ id: string }>('select id from customer')).rows.map((r) => r.id);
  const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid as number;
  const kinds = ['purchase', 'refund', 'email', 'call', 'visit', 'chat', 'ticket'];
  const startLoad = load();
  const spent = { on: { ticks: 0, ms: 0 }, off: { ticks: 0, ms: 0 } };
  for (let b = 0; b < 2 * BATCHES; b++) {
    const side = b % 2 === 0 ? 'on' : 'off';
    // Both rollup triggers: the 360's (interaction_rollup) and scoring's activity days.
    for (const trigger of ['interaction_rollup', 'interaction_activity_rollup']) {
      await client.query(
        `alter table interaction ${side === 'on' ? 'enable' : 'disable'} trigger ${trigger}`,
      );
    }
    const rows = Array.from({ length: 1000 }, (_, i) => {
      const kind = kinds[(b * 7 + i) % kinds.length] as string;
      const money = kind === 'purchase' || kind === 'refund';
      return {
        customer: ids[(b * 1_000 + i * 7_919) % ids.length] as string,
        at: new Date(Date.UTC(2025, 0, 1) + ((b * 1_000 + i) % 700) * 86_400_000).toISOString(),
        kind,
        amount: money ? 100 + i : null,
        currency: money ? 'EUR' : null,
        sourceId: `b${b}-${i}`,
      };
    });
    const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
    const t0 = performance.now();
    const c0 = cpuTicks(pid);
    await client.query(
      `insert into interaction (customer_id, occurred_at, channel, kind, direction, amount_minor, currency, source, source_id)
       select u.c, u.t, 'web', u.k, 'inbound', u.a, u.cur, 'bench', u.s
       from unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::bigint[], $5::text[], $6::text[]) as u(c, t, k, a, cur, s)
       on conflict (customer_id, source, source_id, occurred_at) do nothing`,
      [
        col((r) => r.customer),
        col((r) => r.at),
        col((r) => r.kind),
        col((r) => r.amount),
        col((r) => r.currency),
        col((r) => r.sourceId),
      ],
    );
    spent[side].ticks += cpuTicks(pid) - c0;
    spent[side].ms += performance.now() - t0;
  }
  await client.end();
  const tick = 1000 / 100; // ms per clock tick (USER_HZ 100 on Linux)
  const per = (s: { ticks: number; ms: number }) => ({
    cpu: (s.ticks * tick) / BATCHES,
    wall: s.ms / BATCHES,
  });
  const on = per(spent.on);
  const off = per(spent.off);
  console.log(
    `Run ${new Date().toISOString()}: ${BATCHES} batches of 1,000 touchpoints per side over ${CUSTOMERS.toLocaleString('en')} customers; load average at start ${startLoad}, at end ${load()}.\n`,
  );
  console.log('| per 1,000 events | trigger on | trigger off | cost of the rollups |');
  console.log('|---|--:|--:|--:|');
  console.log(
    `| PostgreSQL backend CPU ms | ${on.cpu.toFixed(1)} | ${off.cpu.toFixed(1)} | ${(on.cpu - off.cpu).toFixed(1)} |`,
  );
  console.log(
    `| wall ms | ${on.wall.toFixed(1)} | ${off.wall.toFixed(1)} | ${(on.wall - off.wall).toFixed(1)} |`,
  );
} finally {
  await dropBenchDatabase(adminUrl, name);
}
