import type { Kysely } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import type { Database } from '../../kernel/db/database.ts';
import { AppError } from '../../kernel/errors.ts';
import { CONSENT_CHANNELS, CONSENT_PURPOSES, consentChannelOf, consentPurposeOf } from './consent-model.ts';
import { type ConsentResult, setConsent } from './set-consent.ts';

export type ContactPreference = {
  customerId: string;
  /** A purpose, or '*' for all of them. */
  purpose: string;
  /** A channel, or '*' for all of them. */
  channel: string;
  allowed: boolean;
  /** Where the choice came from: 'unsubscribe link', 'phone', 'staff', 'import'… */
  source: string;
  note?: string | null;
  staffId?: string | null;
};

/**
 * The first API's yes/no per purpose and channel with '*' wildcards, kept for its callers:
 * a wildcard sets every cell it covers in the consent matrix (see setConsent).
 */
export async function setContactPreference(
  ctx: Pick<Ctx, 'db' | 'clock'> & Partial<Pick<Ctx, 'queue'>>,
  p: ContactPreference,
  opts: { audit?: (trx: Kysely<Database>, result: ConsentResult) => Promise<void> } = {},
): Promise<ConsentResult> {
  const channel = p.channel === '*' ? undefined : consentChannelOf(p.channel);
  if (p.channel !== '*' && !channel)
    throw new AppError(
      'validation_failed',
      `Unknown channel "${p.channel}": use one of ${CONSENT_CHANNELS.join(', ')} or *`,
    );
  const channels = channel ? [channel] : CONSENT_CHANNELS;
  const purposes = p.purpose === '*' ? CONSENT_PURPOSES : [consentPurposeOf(p.purpose)];
  const state = p.allowed ? ('granted' as const) : ('refused' as const);
  return setConsent(
    ctx,
    {
      customerId: p.customerId,
      cells: channels.flatMap((c) => purposes.map((purpose) => ({ channel: c, purpose, state }))),
      source: p.source,
      recordedBy: p.staffId ? 'staff' : p.source.includes('import') ? 'import' : 'system',
      staffId: p.staffId ?? null,
      note: p.note ?? null,
    },
    opts,
  );
}
