import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';
import { checkContact } from '../outreach/index.ts';

/** The purpose loop contacts are filed under in the customer's consent choices. */
export const SERVICE_PURPOSE = 'service';

export type ContactChoice = { channel: 'phone' | 'email' | 'sms' | null; note: string | null };
type Reachable = { id: string; emails: string[]; phones: string[] };

const label = { phone: 'phone calls', email: 'email', sms: 'text messages' } as const;

/**
 * The channel to use for a contact step: the step's own when the customer accepts it, else the
 * first they accept, with a note that says why it changed. "Accepts" is outreach's one check
 * (`checkContact`, which records each refusal with its rule under `reference`) and having the
 * number or address to use. Quiet hours do not change the channel of a task due later: the
 * rep calls outside them.
 */
export async function chooseContactChannel(
  db: Kysely<Database>,
  customer: Reachable,
  preferred: 'phone' | 'email' | 'sms',
  opts: { reference: string; at: Date },
): Promise<ContactChoice> {
  const clock = { now: () => opts.at };
  const refusal = async (channel: 'phone' | 'email' | 'sms'): Promise<string | null> => {
    const verdict = await checkContact(
      { db, clock },
      { customerId: customer.id, purpose: SERVICE_PURPOSE, channel, reference: opts.reference },
    );
    if (!verdict.allowed && verdict.code !== 'quiet-hours') return verdict.reason;
    const has = channel === 'email' ? customer.emails.length > 0 : customer.phones.length > 0;
    return has ? null : channel === 'email' ? 'has no email address' : 'has no phone number';
  };
  const first = await refusal(preferred);
  if (!first) return { channel: preferred, note: null };
  const why = `The customer does not accept ${label[preferred]}: ${first}.`;
  for (const alt of (['email', 'sms', 'phone'] as const).filter((c) => c !== preferred)) {
    if (!(await refusal(alt))) return { channel: alt, note: `${why} Use ${label[alt]} instead.` };
  }
  return { channel: null, note: `${why} No other channel is accepted either; do not contact them directly.` };
}
