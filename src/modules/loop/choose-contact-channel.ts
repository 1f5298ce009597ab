import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';
import { listContactPreferences } from '../outreach/index.ts';

/** The purpose loop contacts are filed under in the customer's consent choices. */
export const SERVICE_PURPOSE = 'service';

export type ContactChoice = { channel: 'phone' | 'email' | 'sms' | null; note: string | null };
type Reachable = { id: string; emails: string[]; phones: string[] };

type Preferences = Awaited<ReturnType<typeof listContactPreferences>>;

/** The consent choices that apply to loop contacts; load once when choosing for several steps. */
export const loadServicePreferences = async (
  db: Kysely<Database>,
  customerId: string,
): Promise<Preferences> =>
  (await listContactPreferences({ db }, customerId)).filter(
    (p) => p.purpose === '*' || p.purpose === SERVICE_PURPOSE,
  );

const label = { phone: 'phone calls', email: 'email', sms: 'text messages' } as const;

/**
 * The channel to use for a contact step: the step's own when the customer accepts it, else the
 * first they accept, with a note that says why it changed. "Accepts" means a recorded opt-out
 * does not forbid it (the most specific preference wins, as in the outreach module) and we have
 * the number or address to use.
 */
export async function chooseContactChannel(
  db: Kysely<Database>,
  customer: Reachable,
  preferred: 'phone' | 'email' | 'sms',
  loaded?: Preferences,
): Promise<ContactChoice> {
  const prefs = loaded ?? (await loadServicePreferences(db, customer.id));
  const refusal = (channel: 'phone' | 'email' | 'sms'): string | null => {
    const has = channel === 'email' ? customer.emails.length > 0 : customer.phones.length > 0;
    const matching = prefs
      .filter((p) => p.channel === '*' || p.channel === channel)
      .sort(
        (a, b) =>
          (b.purpose !== '*' ? 2 : 0) +
          (b.channel !== '*' ? 1 : 0) -
          ((a.purpose !== '*' ? 2 : 0) + (a.channel !== '*' ? 1 : 0)),
      );
    const pref = matching[0];
    if (pref && !pref.allowed) {
      return `opted out of ${pref.channel === '*' ? 'all contact' : label[channel]} (${pref.source}, ${pref.updatedAt.toISOString().slice(0, 10)})`;
    }
    if (!has) return channel === 'email' ? 'has no email address' : 'has no phone number';
    return null;
  };
  const first = refusal(preferred);
  if (!first) return { channel: preferred, note: null };
  const why = `The customer does not accept ${label[preferred]}: ${first}.`;
  for (const alt of (['email', 'sms', 'phone'] as const).filter((c) => c !== preferred)) {
    if (!refusal(alt)) return { channel: alt, note: `${why} Use ${label[alt]} instead.` };
  }
  return { channel: null, note: `${why} No other channel is accepted either; do not contact them directly.` };
}
