import { sql, type Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../kernel/db/database.ts';

export type ExternalRef = {
  source: string;
  externalId: string;
  firstSeenAt: Date;
  traits?: {
    name?: string | null;
    emails?: string[];
    phones?: string[];
    timeZone?: string | null;
    locale?: string | null;
  };
};

const refKey = (source: string, externalId: string) => `${source}\u0000${externalId}`;

/**
 * Maps external ids to customer ids, creating customers for ids never seen before. Safe under
 * concurrency: the unique (source, external_id) index decides which creation wins, and a losing
 * transaction removes its own uncommitted customer rows and uses the winner's.
 */
export async function resolveCustomers(
  trx: Transaction<Database>,
  refs: ExternalRef[],
): Promise<{ ids: Map<string, string>; created: number; firstSeen: Map<string, Date> }> {
  const unique = new Map<string, ExternalRef>();
  for (const r of refs) {
    const k = refKey(r.source, r.externalId);
    const prev = unique.get(k);
    if (!prev || r.firstSeenAt < prev.firstSeenAt) unique.set(k, { ...r, traits: r.traits ?? prev?.traits });
  }
  const ids = new Map<string, string>();
  // Each resolved customer's first_seen_at, so the caller moves it back only where a touchpoint is older.
  const firstSeen = new Map<string, Date>();
  if (unique.size === 0) return { ids, created: 0, firstSeen };

  const lookup = async (list: ExternalRef[]) => {
    const rows = await sql<{ source: string; external_id: string; customer_id: string; first_seen_at: Date }>`
      select i.source, i.external_id, i.customer_id, c.first_seen_at
      from unnest(${list.map((r) => r.source)}::text[], ${list.map((r) => r.externalId)}::text[]) as q(source, external_id)
      join customer_identity i on i.source = q.source and i.external_id = q.external_id
      join customer c on c.id = i.customer_id`.execute(trx);
    for (const r of rows.rows) {
      ids.set(refKey(r.source, r.external_id), r.customer_id);
      firstSeen.set(r.customer_id, r.first_seen_at);
    }
  };
  await lookup([...unique.values()]);

  const missing = [...unique.entries()].filter(([k]) => !ids.has(k)).map(([, r]) => r);
  if (missing.length === 0) return { ids, created: 0, firstSeen };

  const newIds = missing.map(() => uuidv7());
  // One array per column (an import's batch of new customers would need more than the 65,535
  // parameters a statement may have as VALUES rows); emails and phones travel as JSON arrays.
  const list = (f: (r: ExternalRef) => string[] | undefined) =>
    missing.map((r) => (f(r)?.length ? JSON.stringify(f(r)) : null));
  await sql`
    insert into customer (id, name, emails, phones, time_zone, locale, first_seen_at)
    select id, name,
      coalesce(array(select jsonb_array_elements_text(emails)), '{}'),
      coalesce(array(select jsonb_array_elements_text(phones)), '{}'),
      time_zone, locale, first_seen_at
    from unnest(${newIds}::uuid[], ${missing.map((r) => r.traits?.name ?? null)}::text[],
      ${list((r) => r.traits?.emails)}::jsonb[], ${list((r) => r.traits?.phones)}::jsonb[],
      ${missing.map((r) => r.traits?.timeZone ?? null)}::text[], ${missing.map((r) => r.traits?.locale ?? null)}::text[],
      ${missing.map((r) => r.firstSeenAt.toISOString())}::timestamptz[])
      as u(id, name, emails, phones, time_zone, locale, first_seen_at)`.execute(trx);
  const won = await sql<{ customer_id: string }>`
    insert into customer_identity (customer_id, source, external_id)
    select * from unnest(${newIds}::uuid[], ${missing.map((r) => r.source)}::text[], ${missing.map((r) => r.externalId)}::text[])
    on conflict (source, external_id) do nothing
    returning customer_id`.execute(trx);
  const wonSet = new Set(won.rows.map((r) => r.customer_id));
  const lost = newIds.filter((id) => !wonSet.has(id));
  if (lost.length) {
    await sql`delete from customer where id = any(${lost}::uuid[])`.execute(trx);
  }
  missing.forEach((r, i) => {
    const id = newIds[i] as string;
    if (!wonSet.has(id)) return;
    ids.set(refKey(r.source, r.externalId), id);
    firstSeen.set(id, r.firstSeenAt);
  });
  if (lost.length) await lookup(missing.filter((_, i) => !wonSet.has(newIds[i] as string)));
  return { ids, created: wonSet.size, firstSeen };
}

export { refKey };
