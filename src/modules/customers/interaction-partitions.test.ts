import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers.ts';
import { migrate, sqlMigrations } from '../../kernel/db/migrate.ts';
import { createDb } from '../../kernel/db/pool.ts';
import { MONTHS_AHEAD, maintainPartitions } from './maintain-partitions.ts';

const PARTITIONING = '20261210050000-interaction-partitions';

let now = new Date('2031-07-14T12:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: { now: () => now } });
  // The template was migrated at the real date; the months around the injected one come now.
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
    select tableoid::regclass::text as part from interaction where source_id = ${sourceId}`.execute(t.ctx.db);
  return rows.map((r) => r.part);
};
const partitions = async () => {
  const { rows } = await sql<{ part: string }>`
    select c.relname as part from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'interaction'::regclass`.execute(t.ctx.db);
  return rows.map((r) => r.part);
};

describe('the timeline partitioned by month', () => {
  it('deduplicates a retry whose occurredAt differs, across partitions', async () => {
    const first = await post([event({ sourceId: 'p-1', occurredAt: '2031-07-10T10:00:00Z' })]);
    expect(first).toMatchObject({ accepted: 1, duplicates: 0 });
    // The same event again, dated into another month (another partition) and into none.
    const retry = await post([
      event({ sourceId: 'p-1', occurredAt: '2031-08-02T10:00:00Z' }),
      event({ sourceId: 'p-1', occurredAt: '1987-03-01T00:00:00Z' }),
    ]);
    expect(retry).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(await placeOf('p-1')).toEqual(['interaction_2031_07']);
  });

  it('keeps an event outside every partition in the default one until the job gives it its month', async () => {
    expect(await post([event({ sourceId: 'p-far', occurredAt: '1987-03-01T00:00:00Z' })])).toMatchObject({
      accepted: 1,
    });
    expect(await placeOf('p-far')).toEqual(['interaction_default']);
    expect(await maintainPartitions(t.ctx)).toBe(1);
    expect(await placeOf('p-far')).toEqual(['interaction_1987_03']);
    expect(await maintainPartitions(t.ctx)).toBe(0);
    // The moved row is still keyed: its retry, dated today, is still a duplicate.
    expect(await post([event({ sourceId: 'p-far', occurredAt: '2031-07-14T00:00:00Z' })])).toMatchObject({
      duplicates: 1,
    });
    // Months are made ahead of the clock as it moves.
    // Months are UTC months whatever the session's time zone.
    now = new Date('2031-12-01T00:00:00Z');
    await t.ctx.db.connection().execute(async (db) => {
      await sql`set time zone 'America/New_York'`.execute(db);
      await maintainPartitions({ db, clock: t.ctx.clock });
      await sql`reset time zone`.execute(db);
    });
    await post([
      event({ sourceId: 'p-mar-end', occurredAt: '2032-03-31T12:00:00Z' }),
      event({ sourceId: 'p-feb-start', occurredAt: '2032-02-01T00:00:00Z' }),
    ]);
    expect(await placeOf('p-mar-end')).toEqual(['interaction_2032_03']);
    expect(await placeOf('p-feb-start')).toEqual(['interaction_2032_02']);
    const made = await partitions();
    for (let k = 0; k <= MONTHS_AHEAD; k++) {
      const month = new Date(Date.UTC(2031, 11 + k, 1)).toISOString().slice(0, 7).replace('-', '_');
      expect(made).toContain(`interaction_${month}`);
    }
  });

  it('stays append-only: no delete outside a partition move', async () => {
    await expect(sql`delete from interaction where source_id = 'p-1'`.execute(t.ctx.db)).rejects.toThrow(
      /append-only/,
    );
    expect(await placeOf('p-1')).toEqual(['interaction_2031_07']);
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

  it('converts a populated timeline: rows, keys, ids, references and every index and trigger', async () => {
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
          from unnest(array['2020-01-05', '2024-06-30 23:59:59+00', '2024-07-01', '1999-12-31']::timestamptz[])
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

      const { rows } = await sql<{ id: string; part: string }>`
        select id, tableoid::regclass::text as part from interaction order by id`.execute(db);
      expect(rows).toEqual([
        { id: calls[0]?.id, part: 'interaction_2020_01' },
        { id: calls[1]?.id, part: 'interaction_2024_06' },
        { id: calls[2]?.id, part: 'interaction_2024_07' },
        { id: calls[3]?.id, part: 'interaction_1999_12' },
      ]);
      const { rows: keys } = await sql<{ n: number }>`select count(*)::int as n from interaction_key`.execute(
        db,
      );
      expect(keys[0]?.n).toBe(4);
      const kept = (await shape('interaction')).rows.map((r) => r.what).sort();
      expect(kept).toEqual([...old, 'trigger interaction_claim_key'].sort());
      // New ids continue after the old ones; the opportunity now points at the key table.
      const { rows: next } = await sql<{ id: string }>`
        insert into interaction (customer_id, occurred_at, channel, kind, source, source_id)
        values (${customer}, '2024-07-02', 'phone', 'call', 'crm', 'call-5') returning id`.execute(db);
      expect(BigInt(next[0]?.id ?? 0)).toBeGreaterThan(BigInt(calls[3]?.id ?? 0));
      await expect(
        sql`insert into people_opportunity (id, customer_id, interaction_id, rep_id, interest, value_minor,
            currency, window_days, flagged_at, stage_at)
          values (${randomUUID()}, ${customer}, 999999, ${staff}, 'upgrade', 100, 'EUR', 30, now(), now())`.execute(
          db,
        ),
      ).rejects.toThrow(/people_opportunity_interaction_fkey/);
    } finally {
      await db.destroy();
    }
  });
});
