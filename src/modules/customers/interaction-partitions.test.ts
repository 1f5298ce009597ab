import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';
import { migrate, sqlMigrations } from '../../kernel/db/migrate.ts';
import { createDb } from '../../kernel/db/pool.ts';
import { maintainPartitions } from './maintain-partitions.ts';

const PARTITIONING = '20261211050000-interaction-partitions';

let now = new Date('2031-07-14T12:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: { now: () => now } });
  // The template was migrated at the real date; the years up to the injected one come now.
  await maintainPartitions(t.ctx);
});
afterAll(() => t?.close());

const post = (events: Record<string, unknown>[]) =>
  t.api('/api/v1/events', { method: 'POST', json: { events } }).then((r) => r.json());
const event = (over: Record<string, unknown>) => ({
  externalId: 'part-1',
  source: 'shop',
  channel: 'web',
  kind: 'visit',
  ...over,
});
const placeOf = async (sourceId: string) => {
  const { rows } = await sql<{ part: string }>`
    select tableoid::regclass::text as part from interaction where source_id = ${sourceId} order by occurred_at`.execute(
    t.ctx.db,
  );
  return rows.map((r) => r.part);
};
const partitions = async () => {
  const { rows } = await sql<{ part: string }>`
    select c.relname as part from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'interaction'::regclass`.execute(t.ctx.db);
  return rows.map((r) => r.part);
};

type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
};
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

describe('the timeline partitioned by year', () => {
  it('deduplicates a retry, which repeats the event and its time', async () => {
    const first = await post([event({ sourceId: 'p-1', occurredAt: '2031-07-10T10:00:00Z' })]);
    expect(first).toMatchObject({ accepted: 1, duplicates: 0 });
    const retry = await post([
      event({ sourceId: 'p-1', occurredAt: '2031-07-10T10:00:00Z' }),
      event({ sourceId: 'p-1', occurredAt: '2031-07-10T10:00:00Z' }),
    ]);
    expect(retry).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(await placeOf('p-1')).toEqual(['interaction_y2031']);
  });

  it('never fails an insert: times outside every year land in a catch-all until the job gives them a year', async () => {
    expect(
      await post([
        event({ sourceId: 'p-old', occurredAt: '1987-03-01T00:00:00Z' }),
        event({ sourceId: 'p-far', occurredAt: '2040-03-01T00:00:00Z' }),
      ]),
    ).toMatchObject({ accepted: 2 });
    expect(await placeOf('p-old')).toEqual(['interaction_earlier']);
    expect(await placeOf('p-far')).toEqual(['interaction_later']);
    expect(await maintainPartitions(t.ctx)).toBe(0);
    // The clock reaches 2040 (in UTC; still 2039 in New York, the session's time zone): the job
    // makes the years up to it, and the far event moves into its year. Next year's comes only
    // 60 days ahead.
    now = new Date('2040-01-01T01:00:00Z');
    const inNewYork = () =>
      t.ctx.db.connection().execute(async (db) => {
        await sql`set time zone 'America/New_York'`.execute(db);
        const n = await maintainPartitions({ db, clock: t.ctx.clock });
        await sql`reset time zone`.execute(db);
        return n;
      });
    expect(await inNewYork()).toBe(2040 - 2032 + 1);
    expect(await placeOf('p-far')).toEqual(['interaction_y2040']);
    expect(await partitions()).not.toContain('interaction_y2041');
    now = new Date('2040-11-15T00:00:00Z');
    expect(await inNewYork()).toBe(1);
    expect(await partitions()).toContain('interaction_y2041');
    // Still the same event: its retry is a duplicate in its new partition.
    expect(await post([event({ sourceId: 'p-far', occurredAt: '2040-03-01T00:00:00Z' })])).toMatchObject({
      duplicates: 1,
    });
  });

  it('reads a timeline page newest partition first and stops there when it has the page', async () => {
    const events = [
      ...Array.from({ length: 30 }, (_, k) =>
        event({
          externalId: 'part-busy',
          sourceId: `b-new-${k}`,
          occurredAt: `2035-05-${String(k + 1).padStart(2, '0')}T08:00:00Z`,
        }),
      ),
      event({ externalId: 'part-busy', sourceId: 'b-old', occurredAt: '2033-01-01T08:00:00Z' }),
    ];
    expect(await post(events)).toMatchObject({ accepted: 31 });
    const { rows: ids } = await sql<{ customer_id: string }>`
      select customer_id from interaction where source_id = 'b-old'`.execute(t.ctx.db);
    const customerId = ids[0]?.customer_id;
    // A few rows in all: sorting them would be cheapest, so sorting is off to see the plan a
    // customer with a long history gets (bench/RESULTS.md has that EXPLAIN at bench scale). With a
    // DEFAULT partition this would be a Merge Append that opens every partition.
    const { rows } = await t.ctx.db.transaction().execute(async (trx) => {
      await sql`set local enable_sort = off`.execute(trx);
      return sql<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>`
        explain (analyze, format json) select * from interaction where customer_id = ${customerId}
         order by occurred_at desc, id desc limit 21`.execute(trx);
    });
    const plan = nodes(rows[0]?.['QUERY PLAN'][0].Plan as PlanNode);
    expect(plan.map((n) => n['Node Type'])).not.toContain('Merge Append');
    const loops = Object.fromEntries(
      plan.filter((n) => n['Relation Name']).map((n) => [n['Relation Name'], n['Actual Loops']]),
    );
    expect(loops.interaction_y2035).toBe(1);
    expect(loops.interaction_y2033).toBe(0);
    expect(loops.interaction_earlier).toBe(0);
  });

  it('stays append-only: no delete, catch-alls included', async () => {
    await expect(sql`delete from interaction where source_id = 'p-1'`.execute(t.ctx.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from interaction_earlier`.execute(t.ctx.db)).rejects.toThrow(/append-only/);
    expect(await placeOf('p-1')).toEqual(['interaction_y2031']);
  });
});

describe('the migration that partitions the timeline', () => {
  const adminUrl = inject('adminUrl');
  const name = `tenure_t_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  const url = (() => {
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    return u.toString();
  })();
  const admin = new pg.Client({ connectionString: adminUrl });
  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create database ${name}`);
  });
  afterAll(async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('converts a populated timeline: rows, ids, references and every index and trigger', async () => {
    const { db } = createDb(url, 2);
    try {
      const all = await sqlMigrations();
      const before = Object.fromEntries(Object.entries(all).filter(([n]) => n < PARTITIONING));
      const migrator = new Migrator({
        db,
        provider: { getMigrations: async () => before },
        migrationTableName: 'tenure_migration',
        migrationLockTableName: 'tenure_migration_lock',
      });
      const { error } = await migrator.migrateToLatest();
      expect(error).toBeUndefined();
      const customer = randomUUID();
      const staff = randomUUID();
      await sql`insert into customer (id, name, first_seen_at) values (${customer}, 'Old Timer', '2020-01-01')`.execute(
        db,
      );
      await sql`insert into staff (id, email, name, role, password_hash)
        values (${staff}, 'rep@example.com', 'Rep', 'agent', 'x')`.execute(db);
      await sql`insert into interaction (customer_id, occurred_at, channel, kind, source, source_id)
        select ${customer}, t, 'phone', 'call', 'crm', 'call-' || n
          from unnest(array['2020-01-05', '2024-12-31 23:59:59+00', '2025-01-01', '1999-12-31']::timestamptz[])
               with ordinality u(t, n)`.execute(db);
      const { rows: calls } = await sql<{ id: string }>`select id from interaction order by id`.execute(db);
      await sql`insert into people_opportunity (id, customer_id, interaction_id, rep_id, interest, value_minor,
          currency, window_days, flagged_at, stage_at)
        values (${randomUUID()}, ${customer}, ${calls[1]?.id}, ${staff}, 'upgrade', 100, 'EUR', 30, now(), now())`.execute(
        db,
      );
      const shape = (table: string) =>
        sql<{ what: string }>`
        select 'index ' || regexp_replace(pg_get_indexdef(i.indexrelid), ' ON (ONLY )?public\\.\\w+ ', ' ON ') as what
          from pg_index i where i.indrelid = ${table}::regclass
           and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
        union all select 'trigger ' || tgname from pg_trigger where tgrelid = ${table}::regclass and not tgisinternal
        union all select 'check ' || conname from pg_constraint where conrelid = ${table}::regclass and contype in ('c', 'f')
        `.execute(db);
      const old = (await shape('interaction')).rows.map((r) => r.what).sort();

      await migrate(db);

      // History before the conversion's year (it runs at the real date) shares the catch-all.
      const { rows: fresh } = await sql<{ id: string }>`
        insert into interaction (customer_id, occurred_at, channel, kind, source, source_id)
        values (${customer}, now(), 'phone', 'call', 'crm', 'call-now') returning id`.execute(db);
      const thisYear = new Date().getUTCFullYear();
      const { rows } = await sql<{ id: string; part: string }>`
        select id, tableoid::regclass::text as part from interaction order by id`.execute(db);
      expect(rows).toEqual([
        ...calls.map((c) => ({ id: c.id, part: 'interaction_earlier' })),
        { id: fresh[0]?.id, part: `interaction_y${thisYear}` },
      ]);
      const kept = (await shape('interaction')).rows.map((r) => r.what).sort();
      expect(kept).toEqual(old);
      const { rows: keys } = await sql<{ def: string }>`
        select pg_get_constraintdef(oid) as def from pg_constraint
         where conrelid = 'interaction'::regclass and contype in ('p', 'u') order by conname`.execute(db);
      expect(keys.map((k) => k.def)).toEqual([
        'PRIMARY KEY (customer_id, id, occurred_at)',
        'UNIQUE (customer_id, source, source_id, occurred_at)',
      ]);
      // New ids continue after the old ones; the opportunity names its touchpoint's time.
      const { rows: next } = await sql<{ id: string }>`
        insert into interaction (customer_id, occurred_at, channel, kind, source, source_id)
        values (${customer}, '2024-07-02', 'phone', 'call', 'crm', 'call-5') returning id`.execute(db);
      expect(BigInt(next[0]?.id ?? 0)).toBeGreaterThan(BigInt(calls[3]?.id ?? 0));
      const { rows: opp } = await sql<{ at: Date }>`
        select interaction_occurred_at as at from people_opportunity`.execute(db);
      expect(opp[0]?.at.toISOString()).toBe('2024-12-31T23:59:59.000Z');
      await expect(
        sql`insert into people_opportunity (id, customer_id, interaction_id, interaction_occurred_at, rep_id,
            interest, value_minor, currency, window_days, flagged_at, stage_at)
          values (${randomUUID()}, ${customer}, ${calls[1]?.id}, '2024-01-01', ${staff}, 'upgrade', 100, 'EUR', 30,
            now(), now())`.execute(db),
      ).rejects.toThrow(/people_opportunity_interaction_fkey/);
    } finally {
      await db.destroy();
    }
  });
});
