import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import type { Database } from '../../kernel/db/database.ts';
import { type Channel, recordInteractions } from '../customers/index.ts';
import {
  CHANNEL_LABELS,
  type ConsentChannel,
  type ConsentPurpose,
  type ConsentState,
  PURPOSE_LABELS,
  type RecordedBy,
} from './consent-model.ts';

export type ConsentChange = { channel: ConsentChannel; purpose: ConsentPurpose; state: ConsentState };
export type HoursInput = {
  quietHours?: { from: string; to: string } | null;
  preferred?: { from: string; to: string; days: number[] } | null;
  timeZone?: string | null;
};

export type ConsentInput = {
  customerId: string;
  cells?: ConsentChange[];
  hours?: HoursInput;
  /** How the choice reached us, in words ('phone call', 'preference centre', 'unsubscribe link'). */
  source: string;
  recordedBy: RecordedBy;
  staffId?: string | null;
  note?: string | null;
};

export type ConsentResult = {
  /** The cells whose state changed (re-recording the same state changes nothing). */
  changed: (ConsentChange & { from: ConsentState })[];
  hoursChanged: boolean;
};

const timelineChannel: Record<ConsentChannel, Channel> = {
  email: 'email',
  phone: 'phone',
  sms: 'sms',
  post: 'mail',
  'in-app': 'app',
};

/** "phone calls refused (service, surveys, news and offers)" for a set of changes. */
export function describeChanges(changes: ConsentChange[]): string {
  const groups = new Map<string, ConsentPurpose[]>();
  for (const c of changes) {
    const k = `${c.channel}|${c.state}`;
    groups.set(k, [...(groups.get(k) ?? []), c.purpose]);
  }
  return [...groups]
    .map(([k, purposes]) => {
      const [channel, state] = k.split('|') as [ConsentChannel, ConsentState];
      const what = purposes.map((p) => PURPOSE_LABELS[p].name.toLowerCase()).join(', ');
      return `${CHANNEL_LABELS[channel]} ${state === 'unknown' ? 'reset to unknown' : state} (${what})`;
    })
    .join('; ');
}

/**
 * Records consent choices and contact hours in one transaction, then puts one entry on the
 * customer's timeline (kind `consent-change`) listing what changed. `audit` runs inside the
 * transaction, so a staff change and its audit entry commit together. The timeline entry is
 * written after the commit with a fresh source id; the stored choices are the record, the
 * timeline is their history for people.
 */
export async function setConsent(
  ctx: Pick<Ctx, 'db' | 'clock'> & Partial<Pick<Ctx, 'queue'>>,
  input: ConsentInput,
  opts: { audit?: (trx: Kysely<Database>, result: ConsentResult) => Promise<void> } = {},
): Promise<ConsentResult> {
  const now = ctx.clock.now();
  const result = await ctx.db.transaction().execute(async (trx) => {
    const r = await applyIn(trx, input, now);
    if (opts.audit && (r.changed.length || r.hoursChanged)) await opts.audit(trx, r);
    return r;
  });
  if (!result.changed.length && !result.hoursChanged) return result;
  const channels = [...new Set(result.changed.map((c) => c.channel))];
  const parts = [
    result.changed.length ? describeChanges(result.changed) : '',
    result.hoursChanged ? 'contact hours changed' : '',
  ].filter(Boolean);
  await recordInteractions(ctx, [
    {
      customer: { id: input.customerId },
      source: 'outreach',
      sourceId: `consent:${randomUUID()}`,
      channel: channels.length === 1 ? timelineChannel[channels[0] as ConsentChannel] : 'system',
      kind: 'consent-change',
      direction: input.recordedBy === 'customer' ? 'inbound' : 'internal',
      occurredAt: now,
      staffId: input.staffId ?? null,
      // The timeline shows the kind in front ("Consent change: phone calls refused …").
      subject: `${parts.join('; ')} (${input.source})`,
      body: input.note ?? null,
      properties: {
        changes: result.changed,
        hours: result.hoursChanged ? (input.hours ?? null) : undefined,
        source: input.source,
        recordedBy: input.recordedBy,
      },
    },
  ]);
  return result;
}

async function applyIn(trx: Transaction<Database>, input: ConsentInput, now: Date): Promise<ConsentResult> {
  const changed: ConsentResult['changed'] = [];
  const current = new Map(
    (
      await trx
        .selectFrom('contact_preference')
        .select(['channel', 'purpose', 'state'])
        .where('customer_id', '=', input.customerId)
        .forUpdate()
        .execute()
    ).map((r) => [`${r.channel}/${r.purpose}`, r.state]),
  );
  // The last word per cell counts when a request names a cell twice.
  const cells = new Map((input.cells ?? []).map((c) => [`${c.channel}/${c.purpose}`, c]));
  for (const [key, c] of cells) {
    const from = current.get(key) ?? 'unknown';
    if (from === c.state) continue;
    changed.push({ ...c, from });
    await trx
      .insertInto('contact_preference')
      .values({
        customer_id: input.customerId,
        purpose: c.purpose,
        channel: c.channel,
        state: c.state,
        source: input.source,
        recorded_by: input.recordedBy,
        staff_id: input.staffId ?? null,
        note: input.note ?? null,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['customer_id', 'purpose', 'channel']).doUpdateSet((eb) => ({
          state: eb.ref('excluded.state'),
          source: eb.ref('excluded.source'),
          recorded_by: eb.ref('excluded.recorded_by'),
          staff_id: eb.ref('excluded.staff_id'),
          note: eb.ref('excluded.note'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
  let hoursChanged = false;
  const h = input.hours;
  if (h && (h.quietHours !== undefined || h.preferred !== undefined || h.timeZone !== undefined)) {
    const values = {
      ...(h.quietHours !== undefined && {
        quiet_from: h.quietHours?.from ?? null,
        quiet_to: h.quietHours?.to ?? null,
      }),
      ...(h.preferred !== undefined && {
        preferred_from: h.preferred?.from ?? null,
        preferred_to: h.preferred?.to ?? null,
        preferred_days: h.preferred?.days ?? [],
      }),
      ...(h.timeZone !== undefined && { time_zone: h.timeZone }),
      updated_at: now,
      staff_id: input.staffId ?? null,
    };
    await trx
      .insertInto('contact_hours')
      .values({ customer_id: input.customerId, ...values })
      .onConflict((oc) => oc.column('customer_id').doUpdateSet(values))
      .execute();
    hoursChanged = true;
  }
  return { changed, hoursChanged };
}
