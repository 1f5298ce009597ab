import type { Customer } from '../../api/types.ts';
import { toCsv } from '../../ui/csv.ts';
import { formatAddress } from '../../ui/format.ts';
import { healthBandOf } from './list-params.ts';

/** The list as CSV: the profile first (as before), then the scores and the last conversation. */
export function customersCsv(rows: readonly Customer[], ownerName: (id: string | null) => string): string {
  return toCsv(rows, [
    { header: 'id', value: (c) => c.id },
    { header: 'name', value: (c) => c.name },
    { header: 'emails', value: (c) => c.emails.join('; ') },
    { header: 'phones', value: (c) => c.phones.join('; ') },
    { header: 'address', value: (c) => formatAddress(c.address) },
    { header: 'status', value: (c) => c.status },
    { header: 'owner', value: (c) => ownerName(c.ownerId) },
    { header: 'time_zone', value: (c) => c.timeZone },
    { header: 'first_seen', value: (c) => c.firstSeenAt },
    {
      header: 'external_ids',
      value: (c) => c.identities.map((i) => `${i.source}:${i.externalId}`).join('; '),
    },
    { header: 'health', value: (c) => c.scores?.health },
    {
      header: 'health_band',
      value: (c) => (typeof c.scores?.health === 'number' ? healthBandOf(c.scores.health) : ''),
    },
    { header: 'p_alive', value: (c) => c.scores?.pAlive },
    { header: 'churn_probability', value: (c) => c.scores?.churnProbability },
    // Minor units, as the API gives them: exact, and unambiguous for every currency.
    { header: 'clv_minor', value: (c) => c.scores?.clv?.minor },
    { header: 'clv_currency', value: (c) => c.scores?.clv?.currency },
    { header: 'last_contact', value: (c) => c.lastContactAt },
  ]);
}
