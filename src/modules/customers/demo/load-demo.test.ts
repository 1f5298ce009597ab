import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers.ts';
import { dataSetPath } from '../../../data-sets.ts';
import { DAY_MS } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/context.ts';
import { createDb } from '../../../kernel/db/pool.ts';
import { startQueue } from '../../../kernel/jobs/queue.ts';
import { createLogger } from '../../../kernel/log.ts';
import { createRng } from './create-rng.ts';
import { ensureDemoStaff } from './ensure-demo-staff.ts';
import { generateTouchpoints } from './generate-touchpoints.ts';
import { loadDemo } from './load-demo.ts';
import { type CdnowCustomer, readCdnowCustomers } from './read-cdnow-customers.ts';

const MASTER = dataSetPath('cdnow/CDNOW_master.txt');

const now = new Date('2026-11-23T15:00:00Z');
let ctx: Pick<Ctx, 'db' | 'clock' | 'queue'>;
let slice: string;
let lines: string[];
let cleanup: () => Promise<void>;
beforeAll(async () => {
  const database = await createTestDatabase();
  const { db } = createDb(database.url, 4);
  // Other modules listen to new touchpoints and enqueue work, as in production.
  const queue = await startQueue(createLogger('silent'), database.url, { maintenance: false });
  ctx = { db, clock: { now: () => now }, queue };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-demo-'));
  slice = path.join(dir, 'cdnow-200.txt');
  lines = fs.readFileSync(MASTER, 'utf8').split('\r\n').slice(0, 200);
  fs.writeFileSync(slice, `${lines.join('\r\n')}\r\n`);
  cleanup = async () => {
    await queue.stop();
    await db.destroy();
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
});
afterAll(() => cleanup?.());

describe('loadDemo', () => {
  it('loads a CDNOW slice once, with the latest purchase yesterday, however often it runs', async () => {
    const records = lines.slice(1).map((l) => l.trim().split(/\s+/));
    const customerCount = new Set(records.map((r) => r[0])).size;
    const staff = await ensureDemoStaff(ctx);
    expect(staff.map((s) => [s.email, s.role, !!s.password])).toEqual([
      ['admin@demo.tenure', 'admin', true],
      ['manager@demo.tenure', 'manager', true],
      ['sam@demo.tenure', 'agent', true],
      ['lena@demo.tenure', 'agent', true],
      ['jordan@demo.tenure', 'agent', true],
    ]);
    const agentIds = staff.filter((s) => s.role === 'agent').map((s) => s.id);

    const first = await loadDemo(ctx, { cdnowPath: slice, agentIds, batchSize: 200 });
    expect(first).toMatchObject({
      customers: customerCount,
      purchases: records.length,
      customersCreated: customerCount,
      duplicates: 0,
      rejected: 0,
    });
    expect(first.accepted).toBe(first.purchases + first.generated);
    // At least a welcome email each, plus visits and the rest.
    expect(first.generated).toBeGreaterThan(customerCount);

    const latest = first.latestPurchaseAt.getTime();
    expect(latest).toBeLessThanOrEqual(now.getTime());
    expect(latest).toBeGreaterThan(now.getTime() - 2 * DAY_MS);
    const stored = await sql<{ kind: string; n: number; max: Date }>`
      select kind, count(*)::int as n, max(occurred_at) as max from interaction where source like 'demo%'
      group by kind order by kind`.execute(ctx.db);
    const byKind = Object.fromEntries(stored.rows.map((r) => [r.kind, r]));
    expect(byKind.purchase?.n).toBe(records.length);
    expect(byKind.purchase?.max.getTime()).toBe(latest);
    expect(byKind.email?.n).toBeGreaterThanOrEqual(customerCount);
    expect(stored.rows.every((r) => r.max.getTime() <= now.getTime())).toBe(true);

    const spend = await sql<{ minor: number }>`
      select sum(amount_minor)::bigint as minor from interaction where kind = 'purchase' and source = 'demo-cdnow'`.execute(
      ctx.db,
    );
    const dollars = records.reduce((s, r) => s + Number(r[3]), 0);
    expect(spend.rows[0]?.minor).toBe(Math.round(dollars * 100));

    const again = await loadDemo(ctx, { cdnowPath: slice, agentIds, batchSize: 200 });
    expect(again).toMatchObject({
      customers: first.customers,
      purchases: first.purchases,
      generated: first.generated,
      accepted: 0,
      duplicates: first.accepted,
      customersCreated: 0,
    });
    expect(again.statuses).toMatchObject({ toLapsed: 0, toActive: 0 });
    const total = await sql<{ n: number }>`select count(*)::int as n from customer`.execute(ctx.db);
    expect(total.rows[0]?.n).toBe(customerCount);

    const staffAgain = await ensureDemoStaff(ctx);
    expect(staffAgain.map((s) => s.id)).toEqual(staff.map((s) => s.id));
    expect(staffAgain.every((s) => s.password === undefined)).toBe(true);
  });

  it('tells the same story for a customer every time, with made-up but well-formed details', async () => {
    let customer: CdnowCustomer | undefined;
    for await (const c of readCdnowCustomers(slice, { maxCustomers: 1 })) customer = c;
    if (!customer) throw new Error('no customer');
    const o = { seed: 7, shiftMs: 10_000 * DAY_MS, now, agentIds: ['a', 'b'] };
    const one = generateTouchpoints(customer, o);
    expect(generateTouchpoints(customer, o)).toEqual(one);
    expect(one.profile.email).toMatch(/^[a-z0-9.]+@example\.(com|net|org)$/);
    expect(one.profile.phone).toMatch(/^\+1 \d{3} 555 01\d\d$/);
    expect(one.items[0]).toMatchObject({
      kind: 'purchase',
      amountMinor: 1177,
      currency: 'USD',
      source: 'demo-cdnow',
    });
    expect(new Set(one.items.map((i) => i.sourceId)).size).toBe(one.items.length);
    const draws = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 5 }, () => rng.int(1, 1000));
    };
    expect(draws(1)).toEqual(draws(1));
    expect(draws(1)).not.toEqual(draws(2));
  });
});
