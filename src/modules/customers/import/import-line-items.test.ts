import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers.ts';
import { systemClock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/context.ts';
import { createDb } from '../../../kernel/db/pool.ts';
import { startQueue } from '../../../kernel/jobs/queue.ts';
import { createLogger } from '../../../kernel/log.ts';
import { importFile } from './import-file.ts';

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

// Order lines in the shape of the UCI Online Retail data set (a UK gift wholesaler, prices in
// GBP): cancellations have invoice numbers starting with "C" and negative quantities; lines
// without a CustomerID cannot be given to anyone. One line of order 536365 comes late in the file.
const retail = `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom
536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom
536366,22633,HAND WARMER UNION JACK,6,12/1/2010 8:28,1.85,17850,United Kingdom
536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,13047,United Kingdom
536367,22745,POPPY'S PLAYHOUSE BEDROOM ,6,12/1/2010 8:34,2.10,13047,United Kingdom
536370,22728,ALARM CLOCK BAKELIKE PINK,24,12/1/2010 8:45,3.75,12583,France
C536379,D,Discount,-1,12/1/2010 9:41,27.50,14527,United Kingdom
536381,22719,GUMBALL MONOCHROME COAT RACK,36,12/1/2010 9:41,1.06,14527,United Kingdom
C536391,22556,PLASTERS IN TIN CIRCUS PARADE ,-12,12/1/2010 10:24,1.65,17548,United Kingdom
C536391,21984,PACK OF 12 PINK PAISLEY TISSUES ,-24,12/1/2010 10:24,0.29,17548,United Kingdom
536414,22139,,56,12/1/2010 11:52,0,,United Kingdom
536365,84406B,CREAM CUPID HEARTS COAT HANGER,8,12/1/2010 8:26,2.75,17850,United Kingdom
536520,22469,HEART OF WICKER SMALL,12,12/2/2010 12:43,1.65,17850,United Kingdom
536521,21754,HOME BUILDING BLOCK WORD,3,12/2/2010 13:10,5.95,17850,United Kingdom
`;

const options = (source: string) => ({
  kind: 'interactions' as const,
  source,
  map: { externalId: 'CustomerID', orderId: 'InvoiceNo', occurredAt: 'InvoiceDate' },
  set: { channel: 'web' },
  dateFormat: 'MM/DD/YYYY HH:mm',
  timeZone: 'Europe/London',
  currency: 'GBP',
});

const stored = async (source: string) =>
  (
    await sql<{ who: string; kind: string; source_id: string; minor: number; at: string; lines: number }>`
      select ci.external_id as who, i.kind, i.source_id, i.amount_minor::int as minor,
        to_char(i.occurred_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as at, (i.properties ->> 'lines')::int as lines
      from interaction i join customer_identity ci on ci.customer_id = i.customer_id
      where i.source = ${source} and i.currency = 'GBP'
      order by ci.external_id, i.occurred_at, i.kind`.execute(ctx.db)
  ).rows;

describe('importFile: line items', () => {
  it('sums quantity × unit price per order, records cancellations as refunds, and rejects lines without a customer', async () => {
    const report = await importFile(ctx, Readable.from([retail]), {
      ...options('retail'),
      lineItems: { cancelPrefix: 'C' },
    });
    expect(report).toMatchObject({
      rowsRead: 14,
      rejected: 1,
      accepted: 9,
      duplicates: 0,
      customersCreated: 5,
      lineItems: { lines: 13, purchases: 7, refunds: 2 },
    });
    expect(report.rejectSamples.map((r) => r.line)).toEqual([12]);
    expect(await stored('retail')).toEqual([
      {
        who: '12583',
        kind: 'purchase',
        source_id: 'order-536370',
        minor: 9000,
        at: '2010-12-01 08:45',
        lines: 1,
      },
      {
        who: '13047',
        kind: 'purchase',
        source_id: 'order-536367',
        minor: 5408 + 1260,
        at: '2010-12-01 08:34',
        lines: 2,
      },
      {
        who: '14527',
        kind: 'purchase',
        source_id: 'order-536381',
        minor: 3816,
        at: '2010-12-01 09:41',
        lines: 1,
      },
      {
        who: '14527',
        kind: 'refund',
        source_id: 'refund-C536379',
        minor: 2750,
        at: '2010-12-01 09:41',
        lines: 1,
      },
      {
        who: '17548',
        kind: 'refund',
        source_id: 'refund-C536391',
        minor: 1980 + 696,
        at: '2010-12-01 10:24',
        lines: 2,
      },
      // 6 × 2.55 + 6 × 3.39 + 8 × 2.75: the late line joins its order.
      {
        who: '17850',
        kind: 'purchase',
        source_id: 'order-536365',
        minor: 1530 + 2034 + 2200,
        at: '2010-12-01 08:26',
        lines: 3,
      },
      {
        who: '17850',
        kind: 'purchase',
        source_id: 'order-536366',
        minor: 1110,
        at: '2010-12-01 08:28',
        lines: 1,
      },
      {
        who: '17850',
        kind: 'purchase',
        source_id: 'order-536520',
        minor: 1980,
        at: '2010-12-02 12:43',
        lines: 1,
      },
      {
        who: '17850',
        kind: 'purchase',
        source_id: 'order-536521',
        minor: 1785,
        at: '2010-12-02 13:10',
        lines: 1,
      },
    ]);
    // The 360's spend nets refunds against purchases.
    const again = await importFile(ctx, Readable.from([retail]), {
      ...options('retail'),
      lineItems: { cancelPrefix: 'C' },
    });
    expect(again).toMatchObject({ accepted: 0, duplicates: 9, rejected: 1 });
  });

  it('merges a customer’s orders of one day into one purchase, and reads negative quantities as refunds without a prefix', async () => {
    const report = await importFile(ctx, Readable.from([retail]), {
      ...options('retail-days'),
      lineItems: { mergeSameDay: true },
    });
    expect(report.lineItems).toEqual({ lines: 13, purchases: 5, refunds: 2 });
    const rows = await stored('retail-days');
    expect(rows.filter((r) => r.who === '17850')).toEqual([
      {
        who: '17850',
        kind: 'purchase',
        source_id: 'purchases-2010-12-01',
        minor: 5764 + 1110,
        at: '2010-12-01 08:26',
        lines: 4,
      },
      {
        who: '17850',
        kind: 'purchase',
        source_id: 'purchases-2010-12-02',
        minor: 1980 + 1785,
        at: '2010-12-02 12:43',
        lines: 2,
      },
    ]);
    expect(rows.filter((r) => r.kind === 'refund').map((r) => [r.who, r.source_id, r.minor])).toEqual([
      ['14527', 'refunds-2010-12-01', 2750],
      ['17548', 'refunds-2010-12-01', 2676],
    ]);
  });

  it('refuses an amount or kind field in line-item mode, and a line without a quantity', async () => {
    await expect(
      importFile(ctx, Readable.from([retail]), {
        ...options('retail-bad'),
        map: { ...options('x').map, amount: 'UnitPrice' },
        lineItems: {},
      }),
    ).rejects.toThrow(/--map amount: unknown field/);
    const report = await importFile(
      ctx,
      Readable.from(['InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,,12/1/2010 8:26,2.55,1\n']),
      { ...options('retail-bad'), lineItems: {} },
    );
    expect(report.rejectSamples.map((r) => r.reason)).toEqual(['quantity: empty']);
  });
});
