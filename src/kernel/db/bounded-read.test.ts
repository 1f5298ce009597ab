import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers.ts';
import { AppError } from '../errors.ts';
import { boundedRead, isCancelled } from './bounded-read.ts';
import { createDb, type Db } from './pool.ts';

let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => {
  const database = await createTestDatabase();
  drop = database.drop;
  db = createDb(database.url, 4).db;
});
afterAll(async () => {
  await db?.destroy();
  await drop?.();
});

const sleeping = async () =>
  (
    await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
      where query like 'select pg_sleep(30)%' and state = 'active'`.execute(db)
  ).rows[0]?.n ?? 0;

describe('boundedRead', () => {
  it('runs read-only under a statement time limit', async () => {
    const setting = sql<{ t: string }>`select current_setting('statement_timeout') as t`;
    const before = (await setting.execute(db)).rows[0]?.t;
    const err = await boundedRead(db, { statementTimeoutMs: 50 }, (trx) =>
      sql`select pg_sleep(5)`.execute(trx),
    ).catch((e: unknown) => e);
    expect(isCancelled(err)).toBe(true);
    const write = await boundedRead(db, { statementTimeoutMs: 1000 }, (trx) =>
      sql`create table nope (id int)`.execute(trx),
    ).catch((e: { code?: string }) => e.code);
    expect(write).toBe('25006'); // read_only_sql_transaction
    // The limit was the transaction's own: the pool's connections keep theirs.
    for (let i = 0; i < 4; i++) expect((await setting.execute(db)).rows[0]?.t).toBe(before);
  });

  it('cancels the statement in flight when the caller aborts', async () => {
    const controller = new AbortController();
    const read = boundedRead(db, { statementTimeoutMs: 60_000, signal: controller.signal }, (trx) =>
      sql`select pg_sleep(30)`.execute(trx),
    ).catch((e: unknown) => e);
    while ((await sleeping()) === 0) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    const err = await read;
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/client went away/);
    expect(await sleeping()).toBe(0);
  });
});

describe('boundedReport', () => {
  it('answers 503 with a message when a report runs over its time limit, and leaves the connection usable', async () => {
    const { boundedReport } = await import('../http/bounded-report.ts');
    const reply = {
      raw: Object.assign(new (await import('node:events')).EventEmitter(), { writableFinished: false }),
    };
    const ctx = { db } as unknown as Parameters<typeof boundedReport>[0];
    const err = await boundedReport(
      ctx,
      reply as unknown as Parameters<typeof boundedReport>[1],
      (c) => sql`select pg_sleep(30)`.execute(c.db),
      50,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(503);
    expect((err as AppError).message).toMatch(/took longer than 0.05 s and was stopped/);
    expect(await sleeping()).toBe(0);
    const ok = await boundedReport(ctx, reply as never, (c) =>
      sql<{ n: number }>`select 1 as n`.execute(c.db),
    );
    expect(ok.rows[0]?.n).toBe(1);
  });
});
