import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers.ts';
import { systemClock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/context.ts';
import { createDb } from '../../../kernel/db/pool.ts';
import { startQueue } from '../../../kernel/jobs/queue.ts';
import { createLogger } from '../../../kernel/log.ts';
import { type ImportFileOptions, type ImportReject, importFile } from './import-file.ts';
import { openRejectsFile } from './open-rejects-file.ts';

let ctx: Pick<Ctx, 'db' | 'clock' | 'queue'>;
let drop: () => Promise<void>;
beforeAll(async () => {
  const database = await createTestDatabase();
  const { db } = createDb(database.url, 4);
  // Other modules listen to new touchpoints and enqueue work, as in production.
  const queue = await startQueue(createLogger('silent'), database.url, { maintenance: false });
  ctx = { db, clock: systemClock, queue };
  drop = async () => {
    await queue.stop();
    await db.destroy();
    await database.drop();
  };
});
afterAll(() => drop?.());

const run = (text: string, o: Partial<ImportFileOptions> & { source: string }) =>
  importFile(ctx, Readable.from([text]), { kind: 'interactions', ...o });

const countWhere = async (source: string) =>
  Number(
    (
      await sql<{ n: number }>`select count(*)::int as n from interaction where source = ${source}`.execute(
        ctx.db,
      )
    ).rows[0]?.n,
  );

describe('importFile: interactions', () => {
  it('lands every row exactly once, however often the file is imported', async () => {
    const lines = ['cust_no,date,dollar_value,note'];
    for (let i = 0; i < 1200; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      lines.push(`c${i % 50},2026-02-${day},${(i % 97) + 0.99},${i % 3 === 0 ? 'gift' : ''}`);
    }
    // Two identical rows are two purchases, not one purchase and a duplicate.
    lines.push('c1,2026-03-01,9.99,', 'c1,2026-03-01,9.99,');
    const text = `${lines.join('\n')}\n`;
    const o = {
      source: 'orders',
      map: { externalId: 'cust_no', occurredAt: 'date', amount: 'dollar_value' },
      set: { channel: 'web', kind: 'purchase' },
      batchSize: 250,
    };
    const progress: number[] = [];
    const first = await run(text, { ...o, onProgress: (s) => progress.push(s.rowsRead) });
    expect(first).toMatchObject({
      rowsRead: 1202,
      accepted: 1202,
      duplicates: 0,
      rejected: 0,
      customersCreated: 50,
    });
    expect(progress).toEqual([250, 500, 750, 1000, 1202]);
    const again = await run(text, o);
    expect(again).toMatchObject({
      rowsRead: 1202,
      accepted: 0,
      duplicates: 1202,
      rejected: 0,
      customersCreated: 0,
    });
    expect(await countWhere('orders')).toBe(1202);

    const row = await ctx.db
      .selectFrom('interaction')
      .selectAll()
      .where('source', '=', 'orders')
      .where('occurred_at', '=', new Date('2026-02-01T00:00:00Z'))
      .where('amount_minor', '=', 99)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'web', kind: 'purchase', amount_minor: 99, currency: 'USD' });
    expect(row.occurred_at.toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(row.properties).toEqual({ note: 'gift' });
  });

  it('recognises rows already imported after lines are deleted, reordered or exported again', async () => {
    const o = { source: 'shop', set: { channel: 'web', kind: 'purchase' } };
    const row = (i: number) => `s${i % 7},2026-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z,${i}.50`;
    const header = 'externalId,occurredAt,amount';
    const january = Array.from({ length: 30 }, (_, i) => row(i));
    expect(await run([header, ...january].join('\n'), o)).toMatchObject({ accepted: 30 });
    // A bad row deleted near the top, the rest re-sorted, and ten new rows: only the new ones land.
    const later = [...january.slice(1).reverse(), ...Array.from({ length: 10 }, (_, i) => row(30 + i))];
    expect(await run([header, ...later].join('\n'), o)).toMatchObject({ accepted: 10, duplicates: 29 });
    expect(await countWhere('shop')).toBe(40);
  });

  it('reports bad lines with their line numbers and reasons, and keeps the good ones', async () => {
    const text = [
      'externalId,customerId,occurredAt,channel,kind,amount,body', // 1
      'x1,,2026-01-05T10:00:00Z,email,email,,"Hello,', // 2: body spans lines 2-3
      'there"',
      'x1,,2026-01-32,email,email,,', // 4: no 32 January
      'x2,,2026-01-06,pigeon,letter,,', // 5: unknown channel
      'x2,,2026-01-06,mail,purchase,12.x,', // 6: bad amount
      'x3,,2026-01-06,mail,purchase', // 7: too few fields
      ',00000000-0000-4000-8000-000000000000,2026-01-06,phone,call,,', // 8: no such customer
      'x4,,2026-01-07,Web,Page View,,', // 9: fine, normalised
      'x5,,2026-01-08,web,visit,,"unclosed', // 10: a quote that never closes swallows the rest
      'x6,,2026-01-08,web,visit,,', // 11
    ].join('\r\n');
    const written: ImportReject[] = [];
    const report = await run(text, {
      source: 'bad-lines',
      sampleSize: 3,
      onReject: (r) => void written.push(r),
    });
    expect(report).toMatchObject({ rowsRead: 8, accepted: 2, rejected: 6 });
    expect(written.map((r) => r.line)).toEqual([4, 5, 6, 7, 8, 10]);
    expect(written.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^occurredAt: "2026-01-32" is not a date/),
      expect.stringMatching(/^channel:/),
      expect.stringMatching(/^amount: "12.x"/),
      'expected 7 fields, found 5',
      expect.stringMatching(/customer 0000.* does not exist/),
      'a quote opened on this line is never closed, so lines 10-11 could not be read',
    ]);
    expect(report.rejectSamples.map((r) => r.line)).toEqual([4, 5, 6]);
    const kept = await ctx.db
      .selectFrom('interaction')
      .select(['kind', 'channel', 'body'])
      .where('source', '=', 'bad-lines')
      .orderBy('occurred_at')
      .execute();
    expect(kept).toEqual([
      { kind: 'email', channel: 'email', body: 'Hello,\r\nthere' },
      { kind: 'page-view', channel: 'web', body: null },
    ]);
  });

  it('imports CDNOW-style whitespace files, with or without the header line, to the same rows', async () => {
    const body = [
      ' 00001 19970101  1   11.77',
      ' 00002 19970112  1   12.00',
      ' 00002 19970112  5   77.00',
      ' 00003 19970102  2   20.76',
      ' 00003 19970330  2   20.76',
      ' 22506 19971222  1   14.99',
      ' 22506 19971222  1   14.99',
    ];
    const o = {
      source: 'cdnow',
      format: 'whitespace' as const,
      map: { externalId: 'customer_id', occurredAt: 'date', amount: 'dollar_value' },
      set: { kind: 'purchase', channel: 'mail' },
      dateFormat: 'YYYYMMDD',
      currency: 'USD',
    };
    const withHeader = `${[' customer_id  date number_of_cds  dollar_value', ...body].join('\r\n')}\r\n`;
    expect(await run(withHeader, o)).toMatchObject({
      rowsRead: 7,
      accepted: 7,
      customersCreated: 4,
      rejected: 0,
    });
    const rows = await ctx.db
      .selectFrom('interaction as i')
      .innerJoin('customer_identity as ci', 'ci.customer_id', 'i.customer_id')
      .select(['ci.external_id', 'i.occurred_at', 'i.amount_minor', 'i.properties', 'i.kind', 'i.channel'])
      .where('i.source', '=', 'cdnow')
      .orderBy('i.occurred_at')
      .orderBy('i.amount_minor')
      .execute();
    expect(rows[0]).toEqual({
      external_id: '00001',
      occurred_at: new Date('1997-01-01T00:00:00Z'),
      amount_minor: 1177,
      properties: { number_of_cds: '1' },
      kind: 'purchase',
      channel: 'mail',
    });
    expect(rows.map((r) => r.amount_minor).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([
      1177, 1200, 1499, 1499, 2076, 2076, 7700,
    ]);

    // Hardie's original file has no header; its rows must be recognised as the same rows.
    const headerless = `${body.join('\n')}\n`;
    const columns = ['customer_id', 'date', 'number_of_cds', 'dollar_value'];
    expect(await run(headerless, { ...o, columns })).toMatchObject({
      rowsRead: 7,
      accepted: 0,
      duplicates: 7,
    });
    await expect(run(headerless, o)).rejects.toThrow(/--columns/);
    // Given --columns, a first line of plain words is data unless it names those columns.
    const words = await importFile(ctx, Readable.from(['w1,Ada,ada@example.com\n']), {
      kind: 'customers',
      source: 'words',
      columns: ['externalId', 'name', 'email'],
    });
    expect(words).toMatchObject({ rowsRead: 1, accepted: 1 });
  });

  it('fails before reading rows when the mapping cannot work', async () => {
    await expect(run('who,when\nx,2026-01-01\n', { source: 'nope' })).rejects.toThrow(
      /No externalId or customerId.*columns in the file: who, when/,
    );
    await expect(run('who,when\n', { source: 'nope', map: { externalId: 'whom' } })).rejects.toThrow(
      /no column "whom"/,
    );
    await expect(run('who,when\n', { source: 'nope', set: { colour: 'red' } })).rejects.toThrow(
      /unknown field/,
    );
    await expect(run('who,when\n', { source: 'Not A Slug' })).rejects.toThrow(/--source/);
  });
});

describe('importFile: customers', () => {
  const file = [
    'customer_id,full_name,email,phone,city,country,tier',
    'k1,Ada Lovelace,ada@example.com,+44 20 7946 0001,London,gb,gold',
    'k2,Grace Hopper,grace@example.com,,Arlington,US,',
    'k3,,,,,,silver',
    'k3,Alan Turing,alan@example.com,,,,',
    'k4,Bad Email,not-an-email,,,,',
  ].join('\n');
  const o = {
    kind: 'customers' as const,
    source: 'crm',
    idSource: 'crm',
    map: { externalId: 'customer_id', name: 'full_name' },
  };

  it('creates customers once, then leaves them alone when the same file comes again', async () => {
    const first = await importFile(ctx, Readable.from([file]), o);
    expect(first).toMatchObject({ rowsRead: 5, accepted: 4, customersCreated: 3, rejected: 1 });
    expect(first.rejectSamples).toEqual([
      { line: 6, reason: expect.stringMatching(/^emails/), text: 'k4,Bad Email,not-an-email,,,,' },
    ]);
    const again = await importFile(ctx, Readable.from([file]), o);
    expect(again).toMatchObject({ accepted: 0, duplicates: 4, customersCreated: 0, rejected: 1 });

    const customers = await ctx.db
      .selectFrom('customer as c')
      .innerJoin('customer_identity as i', 'i.customer_id', 'c.id')
      .select(['i.external_id', 'c.name', 'c.emails', 'c.phones', 'c.address', 'c.custom_fields'])
      .where('i.source', '=', 'crm')
      .orderBy('i.external_id')
      .execute();
    expect(customers).toEqual([
      {
        external_id: 'k1',
        name: 'Ada Lovelace',
        emails: ['ada@example.com'],
        phones: ['+44 20 7946 0001'],
        address: { city: 'London', country: 'GB' },
        custom_fields: { tier: 'gold' },
      },
      {
        external_id: 'k2',
        name: 'Grace Hopper',
        emails: ['grace@example.com'],
        phones: [],
        address: { city: 'Arlington', country: 'US' },
        custom_fields: {},
      },
      // Two rows for k3 fold into one customer.
      {
        external_id: 'k3',
        name: 'Alan Turing',
        emails: ['alan@example.com'],
        phones: [],
        address: null,
        custom_fields: { tier: 'silver' },
      },
    ]);
  });

  it('updates changed customers and writes the change to their timeline', async () => {
    const changed =
      'customer_id,full_name,email,tier\nk1,Ada King,ada@lovelace.example,\nk2,Grace Hopper,,\n';
    const report = await importFile(ctx, Readable.from([changed]), o);
    expect(report).toMatchObject({ accepted: 1, duplicates: 1, customersCreated: 0 });
    const ada = await ctx.db
      .selectFrom('customer as c')
      .innerJoin('customer_identity as i', 'i.customer_id', 'c.id')
      .select(['c.id', 'c.name', 'c.emails', 'c.custom_fields'])
      .where('i.source', '=', 'crm')
      .where('i.external_id', '=', 'k1')
      .executeTakeFirstOrThrow();
    expect(ada).toMatchObject({
      name: 'Ada King',
      emails: ['ada@example.com', 'ada@lovelace.example'],
      custom_fields: { tier: 'gold' },
    });
    const events = await ctx.db
      .selectFrom('interaction')
      .select(['kind', 'subject', 'properties'])
      .where('customer_id', '=', ada.id)
      .execute();
    expect(events).toEqual([
      {
        kind: 'profile-update',
        subject: 'Updated name, emails by import',
        properties: {
          import: 'crm',
          changes: {
            name: { from: 'Ada Lovelace', to: 'Ada King' },
            emails: { from: ['ada@example.com'], to: ['ada@example.com', 'ada@lovelace.example'] },
          },
        },
      },
    ]);
  });
});

describe('openRejectsFile', () => {
  it('writes rejects as CSV on first use only, and says when it cannot write', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-rejects-'));
    try {
      const unused = openRejectsFile(path.join(dir, 'none.csv'));
      expect(await unused.close()).toEqual({ written: 0, error: undefined });
      expect(fs.existsSync(path.join(dir, 'none.csv'))).toBe(false);

      const file = openRejectsFile(path.join(dir, 'r.csv'));
      await file.write({ line: 7, reason: 'amount: "1,5" is not a decimal', text: 'a,"1,5"' });
      expect(await file.close()).toEqual({ written: 1, error: undefined });
      expect(fs.readFileSync(path.join(dir, 'r.csv'), 'utf8')).toBe(
        'line,reason,text\n7,"amount: ""1,5"" is not a decimal","a,""1,5"""\n',
      );

      const nowhere = openRejectsFile(path.join(dir, 'missing-dir', 'r.csv'));
      await nowhere.write({ line: 1, reason: 'x', text: 'y' });
      expect((await nowhere.close()).error).toMatch(/ENOENT/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
