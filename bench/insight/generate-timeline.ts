import { sql } from 'kysely';
import type { Ctx } from '../../src/kernel/context.ts';

/**
 * `customers` customers first seen over the last two years, each with a heavy-tailed number of
 * purchases (mean ~5) and 0–5 inbound emails with a sentiment: the scoring benches' timeline.
 * Inserted through the timeline's triggers, so the rollups are kept as in production; or, with
 * `bulk`, with triggers off on one session (as a COPY loader would) and the rollups rebuilt once
 * from the timeline by `rebuild_customer_rollups(null)`, which is what generating 1M customers
 * needs. Returns the number of events.
 */
export async function generateTimeline(
  db: Ctx['db'],
  customers: number,
  opts: { bulk?: boolean } = {},
): Promise<number> {
  if (opts.bulk) {
    await db.connection().execute(async (c) => {
      // Triggers (the rollups and the timeline's foreign key) off for this session only.
      await sql`set session_replication_role = replica`.execute(c);
      await insertTimeline(c, customers);
      await sql`set session_replication_role = origin`.execute(c);
      await sql`set maintenance_work_mem = '512MB'`.execute(c);
      await sql`set work_mem = '256MB'`.execute(c);
      await sql`select rebuild_customer_rollups(null)`.execute(c);
    });
  } else await insertTimeline(db, customers);
  await sql`analyze`.execute(db);
  return (await sql<{ n: number }>`select count(*)::int as n from interaction`.execute(db)).rows[0]?.n ?? 0;
}

async function insertTimeline(db: Ctx['db'], customers: number): Promise<void> {
  await sql`insert into customer (id, first_seen_at)
    select gen_random_uuid(), now() - (random() * 730) * interval '1 day' from generate_series(1, ${customers})`.execute(
    db,
  );
  await sql`insert into interaction (customer_id, occurred_at, channel, kind, direction, amount_minor, currency, source, source_id)
    select c.id, c.first_seen_at + (now() - c.first_seen_at) * (case when g = 1 then 0 else random() end),
           'web', 'purchase', null, (1000 + random() * 9000)::bigint, 'USD', 'bench', g::text
    -- Referencing c makes the lateral series per customer (otherwise PostgreSQL evaluates it once).
    from customer c cross join lateral generate_series(1, 1 + floor(-ln(1 - random()) * 16 * random()
      + 0 * extract(epoch from c.first_seen_at))::int) g`.execute(db);
  await sql`insert into interaction (customer_id, occurred_at, channel, kind, direction, sentiment, source, source_id)
    select c.id, c.first_seen_at + (now() - c.first_seen_at) * random(), 'email', 'email', 'inbound',
           (random() * 2 - 1)::real, 'bench', 'e' || g
    from customer c cross join lateral generate_series(1, floor(random() * 6
      + 0 * extract(epoch from c.first_seen_at))::int) g`.execute(db);
}
