import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';
import {
  CONSENT_CHANNELS,
  CONSENT_PURPOSES,
  type ConsentChannel,
  type ConsentPurpose,
  type ConsentState,
  type RecordedBy,
} from './consent-model.ts';

export type ConsentCell = {
  channel: ConsentChannel;
  purpose: ConsentPurpose;
  state: ConsentState;
  /** null when nothing was ever recorded for the cell */
  source: string | null;
  recordedBy: RecordedBy | null;
  staffId: string | null;
  note: string | null;
  updatedAt: Date | null;
};

export type ContactHours = {
  quietHours: { from: string; to: string } | null;
  preferred: { from: string; to: string; days: number[] } | null;
  /** The zone set here, used when the customer profile has none. */
  timeZone: string | null;
  updatedAt: Date | null;
};

const hhmm = (t: string | null) => (t === null ? null : t.slice(0, 5));

/** A customer's contact hours as stored (no row: none set). */
export async function getContactHours(db: Kysely<Database>, customerId: string): Promise<ContactHours> {
  const h = await db
    .selectFrom('contact_hours')
    .selectAll()
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  const qf = hhmm(h?.quiet_from ?? null);
  const qt = hhmm(h?.quiet_to ?? null);
  const pf = hhmm(h?.preferred_from ?? null);
  const pt = hhmm(h?.preferred_to ?? null);
  return {
    quietHours: qf && qt ? { from: qf, to: qt } : null,
    preferred: pf && pt ? { from: pf, to: pt, days: h?.preferred_days ?? [] } : null,
    timeZone: h?.time_zone ?? null,
    updatedAt: h?.updated_at ?? null,
  };
}

/** Every channel × purpose cell of a customer's consent, 'unknown' where nothing is recorded. */
export async function getConsentMatrix(db: Kysely<Database>, customerId: string): Promise<ConsentCell[]> {
  const rows = await db
    .selectFrom('contact_preference')
    .selectAll()
    .where('customer_id', '=', customerId)
    .execute();
  const byKey = new Map(rows.map((r) => [`${r.channel}/${r.purpose}`, r]));
  return CONSENT_CHANNELS.flatMap((channel) =>
    CONSENT_PURPOSES.map((purpose): ConsentCell => {
      const r = byKey.get(`${channel}/${purpose}`);
      return {
        channel,
        purpose,
        state: r?.state ?? 'unknown',
        source: r?.source ?? null,
        recordedBy: r?.recorded_by ?? null,
        staffId: r?.staff_id ?? null,
        note: r?.note ?? null,
        updatedAt: r?.updated_at ?? null,
      };
    }),
  );
}
