/**
 * Disk per million timeline events (docs/scaling.md, "Disk and memory per million events"):
 * generates a database with the bench generator, then sums the heap and each index of the
 * timeline over its partitions (when it is partitioned; the table itself otherwise), and the
 * idempotency key table when there is one (the partitioning design in docs/scaling.md). Run
 * under the lock:
 *   flock /tmp/tenure-bench.lock npx tsx bench/disk-per-event.ts --customers 30000 --events 1000000
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createBenchDatabase, dropBenchDatabase, withDatabase } from './bench-db.ts';
import { generateData } from './generate.ts';
import { loadAverage } from './stats.ts';

const { values: a } = parseArgs({
  options: {
    customers: { type: 'string', default: '30000' },
    events: { type: 'string', default: '1000000' },
  },
});
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const shape = { seed: 14, customers: Number(a.customers), events: Number(a.events) };
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

const name = await createBenchDatabase(adminUrl, shape);
try {
  const url = withDatabase(adminUrl, name);
  const end = new Date('2026-12-01T00:00:00Z');
  await generateData(url, { ...shape, end }, (line) => process.stderr.write(`${line}\n`));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Partition indexes are named per partition; group them by the parent index they belong to.
    const { rows } = await client.query<{ part: string; bytes: string }>(`
      -- A partitioned table or index is the sum of its leaves; an ordinary one is itself.
      with rel as (select oid, relname from pg_class
                    where oid = 'interaction'::regclass
                       or oid in (select indexrelid from pg_index where indrelid = 'interaction'::regclass)),
      leaf as (select rel.oid as parent, rel.relname, coalesce(t.relid, rel.oid) as relid
                 from rel left join lateral pg_partition_tree(rel.oid) t on t.isleaf)
      select case when parent = 'interaction'::regclass then 'interaction heap' else 'index ' || relname end as part,
             sum(pg_relation_size(relid)) as bytes
        from leaf group by 1
      union all
      select 'interaction TOAST', sum(coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0))
        from leaf join pg_class c on c.oid = leaf.relid where leaf.parent = 'interaction'::regclass
      union all
      select 'interaction_key heap', pg_relation_size(to_regclass('interaction_key'))
       where to_regclass('interaction_key') is not null
      union all
      select 'index ' || indexrelid::regclass::text, pg_relation_size(indexrelid)
        from pg_index where indrelid = to_regclass('interaction_key')
      order by 1`);
    const { rows: count } = await client.query<{ n: string; parts: string }>(
      `select (select count(*) from interaction) as n,
              (select count(*) from pg_partition_tree('interaction') where isleaf) as parts`,
    );
    const n = Number(count[0]?.n);
    let total = 0;
    const lines = rows.map((r) => {
      total += Number(r.bytes);
      return `| ${r.part} | ${mib(Number(r.bytes))} | ${mib((Number(r.bytes) * 1e6) / n)} |`;
    });
    console.log(['| part | MiB | MiB per million events |', '|---|--:|--:|', ...lines].join('\n'));
    console.log(`| **total** | ${mib(total)} | ${mib((total * 1e6) / n)} |`);
    console.log(
      `\n${n.toLocaleString('en-US')} events (${count[0]?.parts === '0' ? 'one table' : `${count[0]?.parts} partitions`}), ${shape.customers.toLocaleString('en-US')} customers; load average ${loadAverage()}.`,
    );
  } finally {
    await client.end();
  }
} finally {
  await dropBenchDatabase(adminUrl, name);
}
