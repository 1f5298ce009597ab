import { sql } from 'kysely';
import type { Ctx } from '../../src/kernel/context.ts';

/**
 * `customers` customers first seen over the last two years, each with a heavy-tailed number of
 * purchases (mean ~5) and 0–5 inbound emails with a sentiment: the scoring benches' timeline.
 * Inserted through the timeline's triggers, so the rollups are kept as in production. Returns the
 * number of events.
 */
export async function generateTimeline(db: Ctx['db'], customers: number): Promise<number> {
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
  await sql`analyze`.execute(db);
  return (await sql<{ n: number }>`select count(*)::int as n from interaction`.execute(db)).rows[0]?.n ?? 0;
}
