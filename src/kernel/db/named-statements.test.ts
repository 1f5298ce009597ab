import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers.ts';
import { nameStatement } from './named-statements.ts';
import { createDb, type Db } from './pool.ts';

let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => {
  const database = await createTestDatabase();
  drop = database.drop;
  // One connection, so the prepared statements seen below are the ones our queries made.
  db = createDb(database.url, 1).db;
});
afterAll(async () => {
  await db?.destroy();
  await drop?.();
});

const prepared = async () =>
  (await sql<{ name: string }>`select name from pg_prepared_statements order by name`.execute(db)).rows.map(
    (r) => r.name,
  );

describe('named statements', () => {
  it('sends registered texts as prepared statements and leaves the rest unnamed', async () => {
    const text = 'select $1::int + 1 as n';
    nameStatement('test-plus-one', text);
    for (const v of [1, 2]) {
      const r = await db.executeQuery<{ n: number }>(CompiledQuery.raw(text, [v]));
      expect(r.rows[0]?.n).toBe(v + 1);
    }
    await db.executeQuery(CompiledQuery.raw('select $1::int + 2 as n', [1]));
    expect(await prepared()).toEqual(['test-plus-one']);
    expect(() => nameStatement('test-plus-one', 'select 3')).toThrow(/already taken/);
  });
});
