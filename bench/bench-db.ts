import pg from 'pg';

export const DB_PREFIX = 'tenure_bench_';
// Every database this tool creates carries this comment; reuse and drop check it, so the tool
// never touches a database someone else made, even one with a similar name.
const MARKER = 'tenure benchmark data';

export const withDatabase = (url: string, database: string): string => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

async function withAdmin<T>(adminUrl: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'tenure-bench' });
  await client.connect();
  try {
    return await f(client);
  } finally {
    await client.end();
  }
}

export type DataShape = { seed: number; customers: number; events: number };

export async function createBenchDatabase(adminUrl: string, shape: DataShape): Promise<string> {
  const name = `${DB_PREFIX}${Date.now().toString(36)}_${process.pid}`;
  await withAdmin(adminUrl, async (c) => {
    await c.query(`create database ${pg.escapeIdentifier(name)}`);
    await c.query(`comment on database ${pg.escapeIdentifier(name)} is ${pg.escapeLiteral(describe(shape))}`);
  });
  return name;
}

const describe = (s: DataShape) => `${MARKER}: seed ${s.seed}, ${s.customers} customers, ${s.events} events`;

/** The shape a kept database was generated with, or an error when it is not one of ours. */
export async function checkBenchDatabase(adminUrl: string, name: string): Promise<DataShape> {
  const comment = await commentOf(adminUrl, name);
  const m = comment?.match(/^tenure benchmark data: seed (\d+), (\d+) customers, (\d+) events$/);
  if (!name.startsWith(DB_PREFIX) || !m) {
    throw new Error(`Database ${name} was not created by this benchmark; refusing to use it`);
  }
  return { seed: Number(m[1]), customers: Number(m[2]), events: Number(m[3]) };
}

async function commentOf(adminUrl: string, name: string): Promise<string | undefined> {
  return withAdmin(adminUrl, async (c) => {
    const { rows } = await c.query<{ comment: string | null }>(
      `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
      [name],
    );
    return rows[0]?.comment ?? undefined;
  });
}

/** Drops a database only if it carries this tool's name prefix and marker comment. */
export async function dropBenchDatabase(adminUrl: string, name: string): Promise<void> {
  const comment = await commentOf(adminUrl, name);
  if (!name.startsWith(DB_PREFIX) || !comment?.startsWith(MARKER)) return;
  await withAdmin(adminUrl, (c) =>
    c.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`),
  );
}
