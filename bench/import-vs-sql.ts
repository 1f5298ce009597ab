/**
 * `tenure import` against the SQL path on the same file (issue 14, item 2): CDNOW_master.txt
 * imported by the CLI (`node bin/tenure.js import interactions …`, start-up to report) into one
 * fresh, migrated database, and by `psql` into another: `\copy` of the raw lines into a staging
 * table, then one INSERT … SELECT per table (customers, their identities, the purchases), in one
 * transaction. Both end with the same rows; the ratio is SQL seconds ÷ import seconds (target ≥ 0.5).
 *
 *   flock /tmp/tenure-bench.lock npx tsx bench/import-vs-sql.ts [--runs 2] [--batch-size N]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrate } from '../src/kernel/db/migrate.ts';
import { createDb } from '../src/kernel/db/pool.ts';
import { createBenchDatabase, dropBenchDatabase, withDatabase } from './bench-db.ts';
import { loadAverage } from './stats.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join(root, 'data/cdnow/CDNOW_master.txt');
const { values } = parseArgs({ options: { runs: { type: 'string' }, 'batch-size': { type: 'string' } } });
const runs = Number(values.runs ?? 2);
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

// The same mapping as docs/importing.md, "Importing CDNOW" (and the same ids: line hashes).
const sqlPath = `
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

async function freshDatabase(): Promise<string> {
  const name = await createBenchDatabase(adminUrl, { seed: 0, customers: 0, events: 0 });
  const { db } = createDb(withDatabase(adminUrl, name), 2);
  await migrate(db);
  await db.destroy();
  return name;
}

async function count(url: string) {
  const c = new pg.Client(url);
  await c.connect();
  const r = await c.query<{ c: number; i: number }>(
    'select (select count(*)::int from customer) as c, (select count(*)::int from interaction) as i',
  );
  await c.end();
  return r.rows[0];
}

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { env, input, cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
  return (performance.now() - t0) / 1000;
}

console.log(`# tenure import vs \\copy + INSERT … SELECT: ${path.relative(root, file)}`);
console.log(`node ${process.version}; ${execFileSync('psql', ['--version'], { encoding: 'utf8' }).trim()}`);
console.log(
  '\n| run | load at start | tenure import s | SQL path s | SQL ÷ import | rows (customers / touchpoints) |',
);
console.log('|---|---|--:|--:|--:|---|');
for (let run = 1; run <= runs; run++) {
  const load = loadAverage();
  const [a, b] = [await freshDatabase(), await freshDatabase()];
  try {
    const urlA = withDatabase(adminUrl, a);
    const urlB = withDatabase(adminUrl, b);
    const importArgs = [
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
      '--rejects',
      '/dev/null',
      ...(values['batch-size'] ? ['--batch-size', values['batch-size']] : []),
    ];
    const env = { ...process.env, DATABASE_URL: urlA, TENURE_LOG_LEVEL: 'warn' };
    const tImport = timed(process.execPath, importArgs, env);
    const tSql = timed('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', urlB], process.env, sqlPath);
    const [ca, cb] = [await count(urlA), await count(urlB)];
    if (ca?.c !== cb?.c || ca?.i !== cb?.i)
      throw new Error(`different rows: import ${JSON.stringify(ca)}, SQL ${JSON.stringify(cb)}`);
    console.log(
      `| ${run} | ${load} | ${tImport.toFixed(2)} | ${tSql.toFixed(2)} | ${(tSql / tImport).toFixed(2)}× | ${ca?.c} / ${ca?.i} |`,
    );
  } finally {
    await dropBenchDatabase(adminUrl, a);
    await dropBenchDatabase(adminUrl, b);
  }
}
console.log(`\nload at end: ${loadAverage()}`);
