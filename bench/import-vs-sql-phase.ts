/**
 * `tenure import` against the SQL path on the same file (issue 14, item 2): CDNOW_master.txt
 * imported by the CLI (`node bin/tenure.js import interactions …`, start-up to report) into one
 * fresh, migrated database, and by `psql` into another: `\copy` of the raw lines into a staging
 * table, then one INSERT … SELECT per table (customers, their identities, the purchases), in one
 * transaction. Both end with the same rows; the ratio is SQL seconds ÷ import seconds (target ≥ 0.5).
 * A phase of `npm run bench` (`--only import`) and of `bench/import-vs-sql.ts`.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrate } from '../src/kernel/db/migrate.ts';
import { createDb } from '../src/kernel/db/pool.ts';
import { createBenchDatabase, dropBenchDatabase, withDatabase } from './bench-db.ts';
import { loadAverage } from './stats.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const cdnowFile = path.join(root, 'data/cdnow/CDNOW_master.txt');

// The same mapping as docs/importing.md, "Importing CDNOW" (and the same ids: line hashes).
const sqlPath = (file: string) => `
begin;
create temp table raw (line text);
\\copy raw from '${file}' with (format text, delimiter E'\\x01')
create temp table cd as
  select f[1] as ext, to_date(f[2], 'YYYYMMDD')::timestamptz as at, f[3] as cds,
    round(f[4]::numeric * 100)::bigint as minor, n
  from (select regexp_split_to_array(trim(line), '\\s+') as f, row_number() over () as n
        from raw offset 1) s;
insert into customer (id, first_seen_at)
  select gen_random_uuid(), min(at) from cd group by ext;
insert into customer_identity (customer_id, source, external_id)
  select c.id, 'default', x.ext from (select ext, min(at) as at, row_number() over () as k from cd group by ext) x
  join (select id, row_number() over () as k from customer) c using (k);
insert into interaction (customer_id, occurred_at, channel, kind, amount_minor, currency, properties, source, source_id)
  select i.customer_id, cd.at, 'mail', 'purchase', cd.minor, 'USD', jsonb_build_object('number_of_cds', cd.cds),
    'cdnow_master', 'row-' || cd.n
  from cd join customer_identity i on i.source = 'default' and i.external_id = cd.ext;
commit;`;

export type ImportVsSqlRun = {
  load: string;
  importSeconds: number;
  sqlSeconds: number;
  customers: number;
  touchpoints: number;
};

async function freshDatabase(adminUrl: string): Promise<string> {
  const name = await createBenchDatabase(adminUrl, { seed: 0, customers: 0, events: 0 });
  const { db } = createDb(withDatabase(adminUrl, name), 2);
  await migrate(db);
  await db.destroy();
  return name;
}

async function count(url: string): Promise<{ c: number; i: number }> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    const r = await c.query<{ c: number; i: number }>(
      'select (select count(*)::int from customer) as c, (select count(*)::int from interaction) as i',
    );
    return r.rows[0] ?? { c: 0, i: 0 };
  } finally {
    await c.end();
  }
}

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { env, input, cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
  return (performance.now() - t0) / 1000;
}

const importArgs = (file: string, batchSize?: number) => [
  'bin/tenure.js',
  'import',
  'interactions',
  file,
  '--format',
  'whitespace',
  '--map',
  'externalId=customer_id',
  '--map',
  'occurredAt=date',
  '--map',
  'amount=dollar_value',
  '--set',
  'kind=purchase',
  '--set',
  'channel=mail',
  '--date-format',
  'YYYYMMDD',
  '--currency',
  'USD',
  // A throw-away file, never a device: an import without rejects removes an old rejects file.
  '--rejects',
  path.join(os.tmpdir(), `tenure-import-bench-${process.pid}.rejects.csv`),
  ...(batchSize ? ['--batch-size', String(batchSize)] : []),
];

/** One run: each side into its own fresh database, both dropped afterwards; the rows must match. */
export async function runImportVsSql(adminUrl: string, batchSize?: number): Promise<ImportVsSqlRun> {
  const load = loadAverage();
  const [a, b] = [await freshDatabase(adminUrl), await freshDatabase(adminUrl)];
  try {
    const urlA = withDatabase(adminUrl, a);
    const urlB = withDatabase(adminUrl, b);
    const env = { ...process.env, DATABASE_URL: urlA, TENURE_LOG_LEVEL: 'warn' };
    const importSeconds = timed(process.execPath, importArgs(cdnowFile, batchSize), env);
    const sqlSeconds = timed(
      'psql',
      ['-X', '-q', '-v', 'ON_ERROR_STOP=1', urlB],
      process.env,
      sqlPath(cdnowFile),
    );
    const [ca, cb] = [await count(urlA), await count(urlB)];
    if (ca.c !== cb.c || ca.i !== cb.i)
      throw new Error(`different rows: import ${JSON.stringify(ca)}, SQL ${JSON.stringify(cb)}`);
    return { load, importSeconds, sqlSeconds, customers: ca.c, touchpoints: ca.i };
  } finally {
    await dropBenchDatabase(adminUrl, a);
    await dropBenchDatabase(adminUrl, b);
  }
}

/** Markdown rows, one per run. */
export function importVsSqlTable(runs: ImportVsSqlRun[]): string {
  return [
    `\n### \`tenure import\` vs \\copy + INSERT … SELECT: ${path.relative(root, cdnowFile)}\n`,
    '| run | load at start | tenure import s | SQL path s | SQL ÷ import | rows (customers / touchpoints) |',
    '|---|---|--:|--:|--:|---|',
    ...runs.map(
      (r, i) =>
        `| ${i + 1} | ${r.load} | ${r.importSeconds.toFixed(2)} | ${r.sqlSeconds.toFixed(2)} | ` +
        `${(r.sqlSeconds / r.importSeconds).toFixed(2)}× | ${r.customers} / ${r.touchpoints} |`,
    ),
  ].join('\n');
}
