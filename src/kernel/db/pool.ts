import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';
import { NamingClient } from './named-statements.ts';

// int8 values in Tenure are counts, ids and money in minor units, all far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric stays a string unless a query casts it; aggregates cast explicitly.

export type Db = Kysely<Database>;

export function createDb(url: string, max: number): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'tenure', Client: NamingClient });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}
