import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers.ts';
import { dataSetPath, readDataSet } from '../../../data-sets.ts';
import { importFile } from '../../customers/index.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  for (const rule of [
    { name: 'One per dollar', condition: 'true', points: 'int(amount)' },
    { name: 'First purchase', condition: 'isFirstPurchase', points: '100' },
  ])
    expect((await t.api('/api/v1/loyalty/earn-rules', { method: 'POST', json: rule })).status).toBe(201);
});
afterAll(() => t?.close());

// `tenure import` of the whole CDNOW master file (69,659 purchases of 23,570 customers).
const importCdnow = () =>
  importFile(t.ctx, fs.createReadStream(dataSetPath('cdnow/CDNOW_master.txt')), {
    kind: 'interactions',
    source: 'cdnow',
    format: 'whitespace',
    map: { externalId: 'customer_id', occurredAt: 'date', amount: 'dollar_value' },
    set: { kind: 'purchase', channel: 'mail' },
    dateFormat: 'YYYYMMDD',
    currency: 'USD',
  });

const ledgerTotals = async () =>
  t.ctx.db
    .selectFrom('loyalty_ledger')
    .select((eb) => [eb.fn.countAll<number>().as('entries'), eb.fn.sum<number>('points').as('points')])
    .where('source', '=', 'purchase')
    .executeTakeFirstOrThrow();

describe('earning on a CDNOW-sized import', () => {
  it('earns every purchase exactly once, and a re-run earns nothing', async () => {
    // What the rules must give, computed from the file itself: whole dollars per purchase
    // (purchases of $0 earn nothing) plus 100 for each customer's first purchase.
    const rows = readDataSet('cdnow/CDNOW_master.txt')
      .split('\n')
      .slice(1)
      .filter((l) => l.trim())
      .map((l) => l.trim().split(/\s+/) as [string, string, string, string]);
    const cents = (r: [string, string, string, string]) => Math.round(Number(r[3]) * 100);
    const customers = new Set(rows.map((r) => r[0]));
    const wholeDollars = rows.reduce((s, r) => s + Math.floor(cents(r) / 100), 0);
    // The first purchase is the customer's earliest; a $0 "purchase" (a return in CDNOW) earns nothing.
    const earliest = new Map<string, [string, string, string, string]>();
    for (const r of rows) if (!earliest.has(r[0])) earliest.set(r[0], r);
    const firsts = [...earliest.values()].filter((r) => cents(r) > 0).length;

    const first = await importCdnow();
    expect(first.accepted).toBe(rows.length);
    const after = await ledgerTotals();
    const firstRows = new Set(earliest.values());
    const earning = rows.filter((r) => cents(r) >= 100 || (cents(r) > 0 && firstRows.has(r))).length;
    expect(Number(after.entries)).toBe(earning);
    expect(customers.size).toBe(23_570);
    expect(Number(after.points)).toBe(wholeDollars + 100 * firsts);

    const again = await importCdnow();
    expect(again.accepted).toBe(0);
    expect(again.duplicates).toBe(rows.length);
    expect(await ledgerTotals()).toEqual(after);
  }, 600_000);
});
