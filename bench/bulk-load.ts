import pg from 'pg';

type Definitions = {
  constraints: { table: string; name: string; def: string; type: string }[];
  indexes: string[];
};

async function definitions(client: pg.Client, tables: readonly string[]): Promise<Definitions> {
  const constraints = await client.query<{ table: string; name: string; def: string; type: string }>(
    `select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as def, contype as type
     from pg_constraint
     where ((conrelid = any($1::regclass[]) and contype in ('p', 'u', 'f'))
        -- Other modules' tables pointing at these (e.g. a customer_id foreign key) must go too.
        or (confrelid = any($1::regclass[]) and contype = 'f'))
       -- A partition's copy of its table's constraint comes and goes with the table's own.
       and conparentid = 0
     order by conname`,
    [tables],
  );
  // Indexes that do not back a constraint; those come back with their constraint.
  const indexes = await client.query<{ def: string }>(
    `select pg_get_indexdef(i.indexrelid) as def from pg_index i
     where i.indrelid = any($1::regclass[])
       and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
     order by 1`,
    [tables],
  );
  // A partitioned table's index reads "ON ONLY": made that way it would cover no partition.
  return {
    constraints: constraints.rows,
    indexes: indexes.rows.map((r) => r.def.replace(' ON ONLY ', ' ON ')),
  };
}

const same = (a: Definitions, b: Definitions) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Runs `load` with the keys, unique constraints, foreign keys and indexes of `tables` removed,
 * then puts back exactly what the migrations created (read from the catalogue, not repeated here,
 * so the schema under test is always the real one) and checks that nothing differs. Building an
 * index once over sorted data is many times faster than maintaining it row by row.
 */
export async function withoutIndexes(
  client: pg.Client,
  tables: readonly string[],
  load: () => Promise<void>,
  onStep: (step: string) => void,
): Promise<void> {
  const before = await definitions(client, tables);
  const order = { f: 0, u: 1, p: 2 } as Record<string, number>;
  const drops = [...before.constraints].sort((a, b) => (order[a.type] ?? 0) - (order[b.type] ?? 0));
  for (const c of drops) {
    await client.query(`alter table ${c.table} drop constraint ${pg.escapeIdentifier(c.name)}`);
  }
  for (const def of before.indexes) {
    const name = def.match(/^CREATE (?:UNIQUE )?INDEX (\S+) ON/)?.[1];
    if (!name) throw new Error(`Cannot parse index definition: ${def}`);
    await client.query(`drop index ${name}`);
  }
  await load();
  await client.query(`set maintenance_work_mem = '1GB'`);
  for (const c of [...drops].reverse()) {
    onStep(`${c.type === 'f' ? 'validating' : 'building'} ${c.name}`);
    await client.query(`alter table ${c.table} add constraint ${pg.escapeIdentifier(c.name)} ${c.def}`);
  }
  for (const def of before.indexes) {
    onStep(`building ${def.match(/INDEX (\S+)/)?.[1]}`);
    await client.query(def);
  }
  const after = await definitions(client, tables);
  if (!same(before, after)) throw new Error('The restored schema differs from the migrated one');
}
