import { sql, type Transaction } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import type { Database } from '../../kernel/db/database.ts';
import { notifyInteractionsRecorded, type RecordedInteraction } from './interaction-listeners.ts';
import { type ExternalRef, refKey, resolveCustomers } from './resolve-customers.ts';
import type { Channel, Direction } from './tables.ts';

export type CustomerRef = { id: string } | Omit<ExternalRef, 'firstSeenAt'>;

export type NewInteraction = {
  customer: CustomerRef;
  source: string;
  sourceId: string;
  channel: Channel;
  kind: string;
  direction?: Direction | null;
  occurredAt: Date;
  staffId?: string | null;
  amountMinor?: number | null;
  currency?: string | null;
  sentiment?: number | null;
  subject?: string | null;
  body?: string | null;
  properties?: Record<string, unknown>;
};

export type ItemOutcome =
  | { status: 'accepted' | 'duplicate'; customerId: string }
  | { status: 'rejected'; reason: string };

export type RecordResult = {
  accepted: number;
  duplicates: number;
  customersCreated: number;
  outcomes: ItemOutcome[];
};

/**
 * Appends touchpoints to the timeline in one transaction and returns only after it commits.
 * Idempotent: an item whose (customer, source, sourceId) is already stored is reported as a
 * duplicate, never stored twice. Items naming unknown customer ids or staff are rejected one
 * by one; they do not fail the batch.
 */
export async function recordInteractions(
  ctx: Pick<Ctx, 'db'> & Partial<Pick<Ctx, 'queue' | 'clock'>>,
  items: NewInteraction[],
): Promise<RecordResult> {
  if (items.length === 0) return { accepted: 0, duplicates: 0, customersCreated: 0, outcomes: [] };
  const outcomes: (ItemOutcome | undefined)[] = new Array(items.length);
  let customersCreated = 0;
  await ctx.db.transaction().execute(async (trx) => {
    const refs: ExternalRef[] = [];
    for (const it of items) {
      if (!('id' in it.customer)) refs.push({ ...it.customer, firstSeenAt: it.occurredAt });
    }
    const resolved = await resolveCustomers(trx, refs);
    customersCreated = resolved.created;

    const givenIds = [...new Set(items.flatMap((it) => ('id' in it.customer ? [it.customer.id] : [])))];
    const staffIds = [...new Set(items.flatMap((it) => (it.staffId ? [it.staffId] : [])))];
    const firstSeen = resolved.firstSeen;
    if (givenIds.length) {
      const known = await trx
        .selectFrom('customer')
        .select(['id', 'first_seen_at'])
        .where(sql<boolean>`id = any(${givenIds}::uuid[])`)
        .execute();
      for (const r of known) firstSeen.set(r.id, r.first_seen_at);
    }
    const knownStaff = new Set(
      staffIds.length
        ? (await trx.selectFrom('staff').select('id').where('id', 'in', staffIds).execute()).map((r) => r.id)
        : [],
    );

    const rows: { index: number; customerId: string; it: NewInteraction }[] = [];
    items.forEach((it, index) => {
      const customerId =
        'id' in it.customer
          ? it.customer.id
          : resolved.ids.get(refKey(it.customer.source, it.customer.externalId));
      if (!customerId || ('id' in it.customer && !firstSeen.has(customerId))) {
        outcomes[index] = {
          status: 'rejected',
          reason: `customer ${'id' in it.customer ? it.customer.id : ''} does not exist`,
        };
      } else if (it.staffId && !knownStaff.has(it.staffId)) {
        outcomes[index] = { status: 'rejected', reason: `staff ${it.staffId} does not exist` };
      } else {
        rows.push({ index, customerId, it });
      }
    });
    if (rows.length === 0) return;

    const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
    const inserted = await sql<{
      id: number;
      customer_id: string;
      source: string;
      source_id: string;
      occurred_at: Date;
    }>`
      insert into interaction (customer_id, occurred_at, channel, kind, direction, staff_id, amount_minor,
        currency, sentiment, subject, body, properties, source, source_id)
      select * from unnest(
        ${col((r) => r.customerId)}::uuid[], ${col((r) => r.it.occurredAt.toISOString())}::timestamptz[],
        ${col((r) => r.it.channel)}::text[], ${col((r) => r.it.kind)}::text[],
        ${col((r) => r.it.direction ?? null)}::text[], ${col((r) => r.it.staffId ?? null)}::uuid[],
        ${col((r) => r.it.amountMinor ?? null)}::bigint[], ${col((r) => r.it.currency ?? null)}::text[],
        ${col((r) => r.it.sentiment ?? null)}::real[], ${col((r) => r.it.subject ?? null)}::text[],
        ${col((r) => r.it.body ?? null)}::text[], ${col((r) => JSON.stringify(r.it.properties ?? {}))}::jsonb[],
        ${col((r) => r.it.source)}::text[], ${col((r) => r.it.sourceId)}::text[])
      on conflict (customer_id, source, source_id, occurred_at) do nothing
      returning id, customer_id, source, source_id, occurred_at`.execute(trx);

    // The idempotency key holds the time (the timeline is partitioned by it): a retry repeats it.
    const keyOf = (customerId: string, source: string, sourceId: string, at: Date) =>
      `${customerId}|${source}|${sourceId}|${at.getTime()}`;
    const fresh = new Map(
      inserted.rows.map((r) => [keyOf(r.customer_id, r.source, r.source_id, r.occurred_at), Number(r.id)]),
    );
    const recorded: RecordedInteraction[] = [];
    for (const r of rows) {
      const key = keyOf(r.customerId, r.it.source, r.it.sourceId, r.it.occurredAt);
      // The first item with a key takes the insert; later copies in the same batch are duplicates.
      const id = fresh.get(key);
      const accepted = fresh.delete(key);
      outcomes[r.index] = { status: accepted ? 'accepted' : 'duplicate', customerId: r.customerId };
      if (accepted) recorded.push({ id, ...toRecorded(r.customerId, r.it) });
    }
    await notifyInteractionsRecorded(ctx, trx, recorded);

    await moveFirstSeenBack(trx, firstSeen, rows);
  });
  const done = outcomes.map((o) => o ?? { status: 'rejected' as const, reason: 'not processed' });
  return {
    accepted: done.filter((o) => o.status === 'accepted').length,
    duplicates: done.filter((o) => o.status === 'duplicate').length,
    customersCreated,
    outcomes: done,
  };
}

/**
 * A back-filled touchpoint older than what we knew moves "first seen" back in time. Only
 * customers with such a touchpoint are updated (first_seen_at only ever moves back, so one read
 * in this transaction is a safe filter); live traffic usually updates none.
 */
async function moveFirstSeenBack(
  trx: Transaction<Database>,
  firstSeen: Map<string, Date>,
  rows: { customerId: string; it: NewInteraction }[],
) {
  const earliest = new Map<string, Date>();
  for (const { customerId, it } of rows) {
    const known = earliest.get(customerId) ?? firstSeen.get(customerId);
    if (!known || it.occurredAt < known) earliest.set(customerId, it.occurredAt);
  }
  if (earliest.size === 0) return;
  await sql`
    update customer c set first_seen_at = v.t
    from unnest(${[...earliest.keys()]}::uuid[], ${[...earliest.values()].map((d) => d.toISOString())}::timestamptz[])
      as v(id, t)
    where c.id = v.id and v.t < c.first_seen_at`.execute(trx);
}

const toRecorded = (customerId: string, it: NewInteraction): RecordedInteraction => ({
  customerId,
  source: it.source,
  sourceId: it.sourceId,
  channel: it.channel,
  kind: it.kind,
  direction: it.direction ?? null,
  occurredAt: it.occurredAt,
  amountMinor: it.amountMinor ?? null,
  currency: it.currency ?? null,
  sentiment: it.sentiment ?? null,
  properties: it.properties ?? {},
});
