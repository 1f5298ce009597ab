import type { Ctx } from '../../../kernel/context.ts';
import { checkContact } from '../check-contact.ts';
import type { WinbackChannel } from './tables.ts';

export type WinbackCandidate = {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  hasAddress: boolean;
  timeZone: string | null;
};

const missing: Record<WinbackChannel, string> = {
  email: 'no email address',
  sms: 'no phone number',
  phone: 'no phone number',
  post: 'no postal address',
};
const reachable = (c: WinbackCandidate, ch: WinbackChannel) =>
  ch === 'email' ? !!c.email : ch === 'post' ? c.hasAddress : !!c.phone;

/**
 * The win-back channel through the one check: email first, else the next channel the check
 * allows (SMS, a phone call, a letter), each of which becomes a rep's task saying why. Every
 * refusal is recorded by the check under the run's reference (not in a dry run).
 */
export async function chooseWinbackChannel(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  c: WinbackCandidate,
  opts: { reference: string; at: Date; record: boolean },
): Promise<{ channel: WinbackChannel | null; reason: string | null }> {
  const refusals: string[] = [];
  for (const channel of ['email', 'sms', 'phone', 'post'] as const) {
    if (!reachable(c, channel)) {
      refusals.push(missing[channel]);
      continue;
    }
    const v = await checkContact(
      ctx,
      { customerId: c.id, purpose: 'win-back', channel, reference: opts.reference, at: opts.at },
      { record: opts.record },
    );
    if (v.allowed)
      return {
        channel,
        reason: channel === 'email' ? null : `no email: ${channel} instead (${refusals.join('; ')})`,
      };
    refusals.push(v.reason);
  }
  return { channel: null, reason: `no channel allowed: ${refusals.join('; ')}` };
}
