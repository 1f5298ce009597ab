import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/helpers.ts';
import { deviations, type Placement, placements } from './distribution.ts';

/**
 * Keeps the schema ready for a Citus cluster (docs/scaling.md, "Past one machine"): reads the
 * catalog of the migrated database and checks every table against its placement in
 * src/distribution.ts. Citus can enforce a unique key on a distributed table only when the key
 * holds the distribution column, and a foreign key between distributed tables only when it maps
 * distribution column to distribution column (both rows on one shard). Reference tables are on
 * every node, so anything may point at them; they may point only at other reference tables.
 */

type Catalog = {
  tables: { name: string; columns: Record<string, boolean> }[];
  uniques: { table: string; name: string; keys: (string | null)[] }[];
  foreignKeys: { table: string; name: string; target: string; pairs: [string, string][] }[];
};

async function readCatalog(client: pg.Client): Promise<Catalog> {
  // Partitions are placed with their parent; only top-level tables are classified.
  const tables = await client.query<{ name: string; columns: Record<string, boolean> }>(`
    select c.relname as name,
           jsonb_object_agg(a.attname, a.attnotnull) as columns
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
     group by c.relname`);
  // Key columns only (INCLUDE columns cannot make a key shard-local); an expression is null.
  const uniques = await client.query<{ table: string; name: string; keys: (string | null)[] }>(`
    select t.relname as table, x.relname as name,
           array(select a.attname
                   from unnest(i.indkey[0:i.indnkeyatts - 1]) with ordinality k(attnum, ord)
                   left join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
                  order by k.ord) as keys
      from pg_index i
      join pg_class t on t.oid = i.indrelid
      join pg_class x on x.oid = i.indexrelid
      join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = 'public' and i.indisunique and not t.relispartition`);
  const foreignKeys = await client.query<{
    table: string;
    name: string;
    target: string;
    pairs: [string, string][];
  }>(`
    select t.relname as table, f.conname as name, r.relname as target,
           array(select jsonb_build_array(a.attname, b.attname)
                   from unnest(f.conkey, f.confkey) k(src, dst)
                   join pg_attribute a on a.attrelid = f.conrelid and a.attnum = k.src
                   join pg_attribute b on b.attrelid = f.confrelid and b.attnum = k.dst) as pairs
      from pg_constraint f
      join pg_class t on t.oid = f.conrelid
      join pg_class r on r.oid = f.confrelid
      join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = 'public' and f.contype = 'f' and f.conparentid = 0 and not t.relispartition`);
  return { tables: tables.rows, uniques: uniques.rows, foreignKeys: foreignKeys.rows };
}

/** Every way the catalog breaks the placements, each as `table.constraint: why`. */
function violations(catalog: Catalog, placed: Record<string, Placement>): Map<string, string> {
  const found = new Map<string, string>();
  const columnOf = (table: string) => {
    const p = placed[table];
    return p?.kind === 'distributed' ? p.column : undefined;
  };
  const present = new Set(catalog.tables.map((t) => t.name));
  for (const name of Object.keys(placed)) {
    if (!present.has(name)) found.set(name, 'classified but no such table');
  }
  for (const t of catalog.tables) {
    const p = placed[t.name];
    if (!p) found.set(t.name, 'not classified in src/distribution.ts');
    else if (p.kind === 'distributed' && t.columns[p.column] !== true) {
      found.set(
        `${t.name}.${p.column}`,
        p.column in t.columns ? 'distribution column may be null' : 'no distribution column',
      );
    }
  }
  for (const u of catalog.uniques) {
    const column = columnOf(u.table);
    if (column && !u.keys.includes(column)) found.set(`${u.table}.${u.name}`, `unique key lacks ${column}`);
  }
  for (const f of catalog.foreignKeys) {
    const from = placed[f.table]?.kind;
    const to = placed[f.target]?.kind;
    if (!from || !to) continue;
    const id = `${f.table}.${f.name}`;
    if (from === 'distributed' && to === 'distributed') {
      const colocated = f.pairs.some(([a, b]) => a === columnOf(f.table) && b === columnOf(f.target));
      if (!colocated) found.set(id, `foreign key to ${f.target} does not map the distribution column`);
    } else if (to !== 'reference' && !(from === 'local' && to === 'local')) {
      found.set(id, `foreign key from a ${from} table to a ${to} table`);
    }
  }
  return found;
}

describe('schema fits a Citus cluster distributed by customer', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let client: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('every table is classified and every break of the placement is a listed deviation', async () => {
    const found = violations(await readCatalog(client), placements);
    const unexplained = [...found].filter(([id]) => !(id in deviations)).map(([id, why]) => `${id}: ${why}`);
    expect(unexplained).toEqual([]);
    // A deviation that the schema no longer has is removed from the list, so the list stays true.
    const stale = Object.keys(deviations).filter((id) => !found.has(id));
    expect(stale).toEqual([]);
  });

  it('catches an unclassified table, a key without the customer and a reference table pointing at a shard', async () => {
    await client.query(`
      create table dist_probe_note (id bigint primary key, customer_id uuid not null references customer(id));
      create table dist_probe_kind (code text primary key, customer_id uuid references customer(id));
      create table dist_probe_unplaced (id bigint primary key)`);
    const found = violations(await readCatalog(client), {
      ...placements,
      dist_probe_note: { kind: 'distributed', column: 'customer_id' },
      dist_probe_kind: { kind: 'reference' },
    });
    expect(found.get('dist_probe_note.dist_probe_note_pkey')).toBe('unique key lacks customer_id');
    expect(found.get('dist_probe_kind.dist_probe_kind_customer_id_fkey')).toBe(
      'foreign key from a reference table to a distributed table',
    );
    expect(found.get('dist_probe_unplaced')).toBe('not classified in src/distribution.ts');
    expect(found.has('dist_probe_note.dist_probe_note_customer_id_fkey')).toBe(false);
  });
});
