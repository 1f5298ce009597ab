import { sql, type Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../../kernel/context.ts';
import type { Database } from '../../../kernel/db/database.ts';
import { resolveCustomers } from '../resolve-customers.ts';
import type { CustomerFields } from '../schemas.ts';
import type { Address } from '../tables.ts';

export type ImportableFields = Pick<
  CustomerFields,
  'name' | 'emails' | 'phones' | 'timeZone' | 'locale' | 'lifecycleStage' | 'address' | 'customFields'
>;
export type CustomerImportRow = { externalId: string; fields: ImportableFields; firstSeenAt?: Date };
export type CustomerImportOutcome = { status: 'created' | 'updated' | 'unchanged'; customerId: string };
export type CustomerImportResult = {
  created: number;
  updated: number;
  unchanged: number;
  /** One per input row, in input order. */
  outcomes: CustomerImportOutcome[];
};

type Profile = {
  id: string;
  external_id: string;
  name: string | null;
  emails: string[];
  phones: string[];
  address: Address | null;
  time_zone: string | null;
  locale: string | null;
  lifecycle_stage: string | null;
  custom_fields: Record<string, unknown>;
  first_seen_at: Date;
};
type Changes = Record<string, { from: unknown; to: unknown }>;

/**
 * Creates or updates customers by external id (`idSource`, external id), so importing the same
 * file twice changes nothing the second time. Cells that are empty leave a field alone; emails
 * and phones are added to the ones already known, address and custom fields are merged key by
 * key. An update to an existing customer is written to their timeline (who changed what, from →
 * to), the way a change in the UI is; a row that changes nothing writes nothing.
 */
export async function importCustomers(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  rows: CustomerImportRow[],
  opts: { idSource: string; source?: string },
): Promise<CustomerImportResult> {
  if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0, outcomes: [] };
  const now = ctx.clock.now();
  // Rows naming one customer twice fold into one, later cells winning, as if applied in order.
  const merged = new Map<string, CustomerImportRow>();
  for (const r of rows) {
    const prev = merged.get(r.externalId);
    merged.set(r.externalId, prev ? mergeRows(prev, r) : r);
  }
  const byExternalId = new Map<string, CustomerImportOutcome>();

  await ctx.db.transaction().execute(async (trx) => {
    const existing = await loadProfiles(trx, opts.idSource, [...merged.keys()]);
    const missing = [...merged.values()].filter((r) => !existing.has(r.externalId));
    const createdIds = new Set<string>();
    if (missing.length) {
      const { ids } = await resolveCustomers(
        trx,
        missing.map((r) => ({
          source: opts.idSource,
          externalId: r.externalId,
          firstSeenAt: r.firstSeenAt ?? now,
          traits: {
            name: r.fields.name,
            emails: r.fields.emails,
            phones: r.fields.phones,
            timeZone: r.fields.timeZone,
            locale: r.fields.locale,
          },
        })),
      );
      for (const id of ids.values()) createdIds.add(id);
      const fresh = await loadProfiles(
        trx,
        opts.idSource,
        missing.map((r) => r.externalId),
      );
      for (const [k, v] of fresh) existing.set(k, v);
    }

    const updates: Profile[] = [];
    const timeline: { customerId: string; changes: Changes }[] = [];
    for (const row of merged.values()) {
      const current = existing.get(row.externalId);
      if (!current) throw new Error(`customer ${opts.idSource}:${row.externalId} could not be resolved`);
      const { next, changes } = applyRow(current, row);
      const created = createdIds.has(current.id);
      const changed = Object.keys(changes).length > 0;
      if (changed) updates.push(next);
      if (changed && !created) timeline.push({ customerId: current.id, changes });
      byExternalId.set(row.externalId, {
        status: created ? 'created' : changed ? 'updated' : 'unchanged',
        customerId: current.id,
      });
    }
    await writeProfiles(trx, updates, now);
    await recordChanges(trx, timeline, now, opts.source);
  });

  const outcomes = rows.map((r) => byExternalId.get(r.externalId) as CustomerImportOutcome);
  const count = (s: CustomerImportOutcome['status']) =>
    [...byExternalId.values()].filter((o) => o.status === s).length;
  return { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), outcomes };
}

const union = (a: string[] | undefined, b: string[] | undefined) =>
  b === undefined ? a : [...new Set([...(a ?? []), ...b])];

const earliest = (a: Date | undefined, b: Date | undefined) => (a && b && b < a ? b : (a ?? b));

function mergeRows(a: CustomerImportRow, b: CustomerImportRow): CustomerImportRow {
  const f = a.fields;
  const g = b.fields;
  return {
    externalId: a.externalId,
    fields: {
      name: g.name ?? f.name,
      emails: union(f.emails, g.emails),
      phones: union(f.phones, g.phones),
      timeZone: g.timeZone ?? f.timeZone,
      locale: g.locale ?? f.locale,
      lifecycleStage: g.lifecycleStage ?? f.lifecycleStage,
      address: f.address || g.address ? { ...f.address, ...g.address } : undefined,
      customFields: f.customFields || g.customFields ? { ...f.customFields, ...g.customFields } : undefined,
    },
    firstSeenAt: earliest(a.firstSeenAt, b.firstSeenAt),
  };
}

/** Key-order-independent JSON, because jsonb hands keys back in its own order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const entries = Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

function applyRow(current: Profile, row: CustomerImportRow): { next: Profile; changes: Changes } {
  const f = row.fields;
  const next: Profile = {
    ...current,
    name: f.name ?? current.name,
    emails: union(current.emails, f.emails) ?? [],
    phones: union(current.phones, f.phones) ?? [],
    address: f.address ? { ...current.address, ...f.address } : current.address,
    time_zone: f.timeZone ?? current.time_zone,
    locale: f.locale ?? current.locale,
    lifecycle_stage: f.lifecycleStage ?? current.lifecycle_stage,
    custom_fields: f.customFields ? { ...current.custom_fields, ...f.customFields } : current.custom_fields,
    first_seen_at:
      row.firstSeenAt && row.firstSeenAt < current.first_seen_at ? row.firstSeenAt : current.first_seen_at,
  };
  const changes: Changes = {};
  const names = {
    name: 'name',
    emails: 'emails',
    phones: 'phones',
    address: 'address',
    time_zone: 'timeZone',
    locale: 'locale',
    lifecycle_stage: 'lifecycleStage',
    custom_fields: 'customFields',
    first_seen_at: 'firstSeenAt',
  } as const;
  for (const [col, field] of Object.entries(names) as [keyof typeof names, string][]) {
    if (canonical(current[col]) !== canonical(next[col]))
      changes[field] = { from: current[col], to: next[col] };
  }
  return { next, changes };
}

async function loadProfiles(
  trx: Transaction<Database>,
  source: string,
  externalIds: string[],
): Promise<Map<string, Profile>> {
  if (externalIds.length === 0) return new Map();
  // Locked, so two imports touching one customer apply their merges one after the other.
  const { rows } = await sql<Profile>`
    select c.id, i.external_id, c.name, c.emails, c.phones, c.address, c.time_zone, c.locale,
      c.lifecycle_stage, c.custom_fields, c.first_seen_at
    from customer_identity i join customer c on c.id = i.customer_id
    where i.source = ${source} and i.external_id = any(${externalIds}::text[])
    order by c.id
    for update of c`.execute(trx);
  return new Map(rows.map((r) => [r.external_id, r]));
}

async function writeProfiles(trx: Transaction<Database>, profiles: Profile[], now: Date): Promise<void> {
  if (profiles.length === 0) return;
  await sql`
    update customer c set name = v.name, emails = v.emails, phones = v.phones, address = v.address,
      time_zone = v.time_zone, locale = v.locale, lifecycle_stage = v.lifecycle_stage,
      custom_fields = v.custom_fields, first_seen_at = v.first_seen_at, updated_at = ${now}
    from jsonb_to_recordset(${JSON.stringify(profiles)}::jsonb) as v(id uuid, name text, emails text[],
      phones text[], address jsonb, time_zone text, locale text, lifecycle_stage text, custom_fields jsonb,
      first_seen_at timestamptz)
    where c.id = v.id`.execute(trx);
}

async function recordChanges(
  trx: Transaction<Database>,
  entries: { customerId: string; changes: Changes }[],
  now: Date,
  source: string | undefined,
): Promise<void> {
  if (entries.length === 0) return;
  await trx
    .insertInto('interaction')
    .values(
      entries.map((e) => ({
        customer_id: e.customerId,
        occurred_at: now,
        channel: 'system' as const,
        kind: 'profile-update',
        direction: 'internal' as const,
        subject: `Updated ${Object.keys(e.changes).join(', ')} by import`,
        properties: JSON.stringify({ changes: e.changes, ...(source ? { import: source } : {}) }),
        source: 'tenure',
        source_id: uuidv7(),
      })),
    )
    .execute();
}
