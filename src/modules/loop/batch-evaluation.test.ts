import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type KyselyPlugin, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';
import { evaluateEvents } from './evaluate-events.ts';
import type { EventItem } from './event-item.ts';
import { waitFor } from './testing/fixtures.ts';
import { addCustomer, ingest, npsAnswer } from './testing/team-setup.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

let p: pg.Pool | undefined;
afterAll(() => p?.end());
const count = async (query: string, params: unknown[] = []) => {
  p ??= new pg.Pool({ connectionString: t.dbUrl, max: 2 });
  return Number((await p.query<{ n: string }>(query, params)).rows[0]?.n);
};

describe('batched evaluation', () => {
  it('reads the facts of a batch in the same number of statements for 3 touchpoints as for 30', async () => {
    // Names the customer, so every touchpoint needs its customer's facts; never matches.
    const [rule] = (
      await sql<{
        id: string;
      }>`insert into red_flag_rule (id, key, name, trigger, event_kinds, condition, severity)
        values (gen_random_uuid(), 'huge-buyer', 'Huge buyer', 'event', '{purchase}',
          'customer.purchaseCount >= 100000', 'low') returning id`.execute(t.ctx.db)
    ).rows;
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await addCustomer(t, { name: `Batch ${i}` }));
    const item = (customerId: string, i: number): EventItem => ({
      customerId,
      source: 'test',
      sourceId: `p-${i}`,
      channel: 'web',
      kind: 'purchase',
      direction: null,
      occurredAt: new Date().toISOString(),
      amountMinor: 100,
      currency: 'EUR',
      sentiment: null,
      properties: {},
      ruleIds: [rule?.id ?? ''],
    });
    const statements = async (n: number) => {
      let seen = 0;
      const counter: KyselyPlugin = {
        transformQuery: (args) => {
          seen++;
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      const ctx = { ...t.ctx, db: t.ctx.db.withPlugin(counter) };
      expect(await evaluateEvents(ctx, ids.slice(0, n).map(item))).toEqual({ flags: 0, opened: 0 });
      return seen;
    };
    const few = await statements(3);
    expect(few).toBeGreaterThan(1);
    expect(await statements(30)).toBe(few);
    await sql`update red_flag_rule set enabled = false where key = 'huge-buyer'`.execute(t.ctx.db);
  });
});

function startWorker(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'testing/worker-child.ts'), t.dbUrl],
    { env: { ...process.env, TENURE_LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(child);
    });
  });
}

describe('three worker processes on one database', () => {
  it('share the evaluation and raise exactly one alert per match', { timeout: 300_000 }, async () => {
    const workers = await Promise.all([startWorker(), startWorker(), startWorker()]);
    try {
      const customers: string[] = [];
      for (let i = 0; i < 40; i++) customers.push(await addCustomer(t, { name: `Shared ${i}` }));
      const now = () => new Date().toISOString();
      // Two detractor answers per customer (two alerts, one case) and a purchase no rule matches.
      const first = customers.map((c) => npsAnswer(c, 2, now()));
      const second = customers.map((c) => npsAnswer(c, 5, now()));
      const purchases = customers.map((c, i) => ({
        customerId: c,
        source: 'shop',
        sourceId: `order-${i}`,
        channel: 'web',
        kind: 'purchase',
        occurredAt: now(),
        amount: { minor: 2500, currency: 'EUR' },
      }));
      // One large batch, then a trickle of single touchpoints from several clients at once, then a
      // client retrying the large batch.
      await ingest(t, [...first, ...purchases]);
      await Promise.all(second.map((a) => ingest(t, [a])));
      expect((await ingest(t, first)).duplicates).toBe(first.length);

      const expected = customers.length * 2;
      const alerts = () =>
        count('select count(*) n from alert where customer_id = any($1::uuid[])', [customers]);
      await waitFor('every red flag', async () => (await alerts()) >= expected, 4000);
      await waitFor(
        'the queue to drain',
        async () =>
          (await count(
            "select count(*) n from pgboss.job where name = 'loop.evaluate-events' and state in ('created', 'retry', 'active')",
          )) === 0,
        4000,
      );
      expect(await alerts()).toBe(expected);
      expect(
        await count('select count(*) n from loop_case where customer_id = any($1::uuid[])', [customers]),
      ).toBe(customers.length);
      expect(
        await count('select count(*) n from task where customer_id = any($1::uuid[])', [customers]),
      ).toBe(customers.length * 5);
      // The purchases were never queued.
      expect(
        await count(
          "select count(*) n from pgboss.job j, jsonb_array_elements(j.data->'items') i where j.name = 'loop.evaluate-events' and i->>'kind' = 'purchase'",
        ),
      ).toBe(0);
    } finally {
      for (const w of workers) w.kill('SIGTERM');
    }
  });
});
