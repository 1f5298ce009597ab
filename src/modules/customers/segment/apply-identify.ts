import { sql, type Transaction } from 'kysely';
import type { Ctx } from '../../../kernel/context.ts';
import type { Database } from '../../../kernel/db/database.ts';
import { refKey, resolveCustomers } from '../resolve-customers.ts';
import { type CustomerFields, customerFields, describeIssues } from '../schemas.ts';
import { type IdentifyMessage, SEGMENT_ID_SOURCE } from './map-message.ts';

const KNOWN_TRAITS = new Set([
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'address',
  'timezone',
  'id',
  'createdAt',
]);
const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** Reads Segment's reserved traits into customer fields; other traits become custom fields. */
export function traitsToFields(msg: IdentifyMessage): { fields?: CustomerFields; error?: string } {
  const t = msg.traits;
  const name = str(t.name) ?? ([str(t.firstName), str(t.lastName)].filter(Boolean).join(' ') || undefined);
  const a = (t.address ?? {}) as Record<string, unknown>;
  const custom = Object.fromEntries(Object.entries(t).filter(([k]) => !KNOWN_TRAITS.has(k)));
  const raw: Record<string, unknown> = {
    name,
    emails: str(t.email) ? [str(t.email)] : undefined,
    phones: str(t.phone) ? [str(t.phone)] : undefined,
    address:
      typeof t.address === 'object' && t.address
        ? {
            line1: str(a.street),
            city: str(a.city),
            region: str(a.state),
            postalCode: str(a.postalCode),
            country: str(a.country)?.slice(0, 2).toUpperCase(),
          }
        : undefined,
    timeZone: str(t.timezone) ?? str(msg.context?.timezone),
    locale: str(msg.context?.locale),
    customFields: Object.keys(custom).length ? custom : undefined,
  };
  const parsed = customerFields.safeParse(raw);
  if (!parsed.success) return { error: `traits: ${describeIssues(parsed.error)}` };
  return { fields: parsed.data };
}

export type IdentifyOutcome = {
  index: number;
  status: 'accepted' | 'duplicate' | 'rejected';
  reason?: string;
};

/**
 * Applies identify calls exactly once: each is stored as a `profile-update` interaction keyed by
 * its messageId, and the profile changes only when that insert is new. An identify older than
 * one already applied is recorded but does not overwrite newer traits.
 */
export async function applyIdentifies(
  ctx: Pick<Ctx, 'db'>,
  items: { index: number; msg: IdentifyMessage; userId: string; at: Date }[],
): Promise<IdentifyOutcome[]> {
  const out: IdentifyOutcome[] = [];
  const valid: { index: number; msg: IdentifyMessage; userId: string; at: Date; fields: CustomerFields }[] =
    [];
  for (const it of items) {
    const { fields, error } = traitsToFields(it.msg);
    if (fields) valid.push({ ...it, fields });
    else out.push({ index: it.index, status: 'rejected', reason: error });
  }
  if (!valid.length) return out;
  await ctx.db.transaction().execute(async (trx) => {
    const { ids } = await resolveCustomers(
      trx,
      valid.map((v) => ({
        source: SEGMENT_ID_SOURCE,
        externalId: v.userId,
        firstSeenAt: v.at,
        traits: {
          name: v.fields.name,
          emails: v.fields.emails,
          phones: v.fields.phones,
          timeZone: v.fields.timeZone,
          locale: v.fields.locale,
        },
      })),
    );
    for (const v of valid.sort((a, b) => a.at.getTime() - b.at.getTime())) {
      const customerId = ids.get(refKey(SEGMENT_ID_SOURCE, v.userId)) as string;
      const inserted = await trx
        .insertInto('interaction')
        .values({
          customer_id: customerId,
          occurred_at: v.at,
          channel: 'app',
          kind: 'profile-update',
          direction: 'inbound',
          subject: 'Identified',
          properties: JSON.stringify({ traits: v.msg.traits }),
          source: 'segment',
          source_id: v.msg.messageId,
        })
        .onConflict((oc) => oc.columns(['customer_id', 'source', 'source_id', 'occurred_at']).doNothing())
        .executeTakeFirst();
      if (!inserted.numInsertedOrUpdatedRows) {
        out.push({ index: v.index, status: 'duplicate' });
        continue;
      }
      const newer = await trx
        .selectFrom('interaction')
        .select('id')
        .where('customer_id', '=', customerId)
        .where('kind', '=', 'profile-update')
        .where('source', '=', 'segment')
        .where('occurred_at', '>', v.at)
        .limit(1)
        .executeTakeFirst();
      if (!newer) await applyFields(trx, customerId, v.fields);
      out.push({ index: v.index, status: 'accepted' });
    }
  });
  return out;
}

async function applyFields(trx: Transaction<Database>, customerId: string, f: CustomerFields) {
  const email = f.emails?.[0] ?? null;
  const phone = f.phones?.[0] ?? null;
  await sql`
    update customer set
      name = coalesce(${f.name ?? null}, name),
      emails = case when ${email}::text is null or ${email}::text = any(emails) then emails
                    else array_prepend(${email}::text, emails) end,
      phones = case when ${phone}::text is null or ${phone}::text = any(phones) then phones
                    else array_prepend(${phone}::text, phones) end,
      address = coalesce(${f.address ? JSON.stringify(f.address) : null}::jsonb, address),
      time_zone = coalesce(${f.timeZone ?? null}, time_zone),
      locale = coalesce(${f.locale ?? null}, locale),
      custom_fields = custom_fields || ${JSON.stringify(f.customFields ?? {})}::jsonb,
      updated_at = now()
    where id = ${customerId}`.execute(trx);
}
