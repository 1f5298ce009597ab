import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';
import {
  type ContactIntent,
  type ContactRefusal,
  type ContactVerdict,
  decideContact,
  loadConsentCells,
  recordRefusals,
} from '../outreach/index.ts';

/** The purpose loop contacts are filed under in the customer's consent choices. */
export const SERVICE_PURPOSE = 'service';

export type ContactChoice = { channel: 'phone' | 'email' | 'sms' | null; note: string | null };
type Channel = 'phone' | 'email' | 'sms';
type Reachable = { id: string; emails: string[]; phones: string[] };

const label = { phone: 'phone calls', email: 'email', sms: 'text messages' } as const;

/**
 * Chooses the channels of one customer's contact steps at one moment (a playbook's steps when a
 * case opens): the step's own channel when the customer accepts it, else the first they accept,
 * with a note that says why it changed. "Accepts" is outreach's one rule (`decideContact`) and
 * having the number or address to use; quiet hours do not change the channel of a task due
 * later: the rep calls outside them. The customer's consent is read once and each channel
 * decided once, whatever the number of steps (every step asks the same question at the same
 * moment); each refusal is still kept under its step's `reference`, all in one insert at `save`.
 */
export function contactChannels(db: Kysely<Database>, customer: Reachable, at: Date) {
  let cells: ReturnType<typeof loadConsentCells> | undefined;
  const verdicts = new Map<Channel, Promise<ContactVerdict>>();
  const refused: { intent: ContactIntent; refusal: ContactRefusal }[] = [];
  const verdict = (channel: Channel) => {
    let v = verdicts.get(channel);
    if (!v) {
      cells ??= loadConsentCells(db, [customer.id]);
      const intent = { customerId: customer.id, purpose: SERVICE_PURPOSE, channel, reference: '', at };
      v = cells.then((c) => decideContact(db, intent, at, c));
      verdicts.set(channel, v);
    }
    return v;
  };
  const refusal = async (channel: Channel, reference: string): Promise<string | null> => {
    const v = await verdict(channel);
    if (!v.allowed) {
      refused.push({
        intent: { customerId: customer.id, purpose: SERVICE_PURPOSE, channel, reference, at },
        refusal: v,
      });
      if (v.code !== 'quiet-hours') return v.reason;
    }
    const has = channel === 'email' ? customer.emails.length > 0 : customer.phones.length > 0;
    return has ? null : channel === 'email' ? 'has no email address' : 'has no phone number';
  };
  return {
    async choose(preferred: Channel, reference: string): Promise<ContactChoice> {
      const first = await refusal(preferred, reference);
      if (!first) return { channel: preferred, note: null };
      const why = `The customer does not accept ${label[preferred]}: ${first}.`;
      for (const alt of (['email', 'sms', 'phone'] as const).filter((c) => c !== preferred)) {
        if (!(await refusal(alt, reference)))
          return { channel: alt, note: `${why} Use ${label[alt]} instead.` };
      }
      return {
        channel: null,
        note: `${why} No other channel is accepted either; do not contact them directly.`,
      };
    },
    /** Keeps the refusals met while choosing (one statement, none when there were none). */
    save: () => recordRefusals(db, refused.splice(0), at),
  };
}
