import { sql } from 'kysely';
import type { CustomerField } from '../../customers/index.ts';
import {
  CHANNEL_LABELS,
  CONSENT_CHANNELS,
  CONSENT_PURPOSES,
  CONSENT_STATES,
  PURPOSE_LABELS,
} from '../consent-model.ts';

const camel = (s: string) => s.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

/**
 * One enum field per consent cell, `consentEmailMarketing` … `consentInAppSurvey`: granted,
 * refused or unknown, a cell nobody recorded reading unknown as everywhere else. The value is a
 * probe of the cell's primary key, so "refused phone calls" stays an index lookup per customer.
 */
export const consentFields: CustomerField[] = CONSENT_CHANNELS.flatMap((channel) =>
  CONSENT_PURPOSES.map(
    (purpose): CustomerField => ({
      key: `consent${camel(channel)}${camel(purpose)}`,
      label: `Consent: ${PURPOSE_LABELS[purpose].plural} by ${CHANNEL_LABELS[channel]}`,
      group: 'consent',
      type: 'enum',
      values: CONSENT_STATES,
      value: () => sql`coalesce((select cp.state from contact_preference cp
        where cp.customer_id = c.id and cp.channel = ${channel} and cp.purpose = ${purpose}), 'unknown')`,
    }),
  ),
);
