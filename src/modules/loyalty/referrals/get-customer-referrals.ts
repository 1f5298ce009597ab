import type { Ctx } from '../../../kernel/context.ts';
import { getCustomerNames } from '../../customers/index.ts';
import { getReferralCode } from './get-referral-code.ts';
import { listReferrals, type ReferralView } from './list-referrals.ts';

type Named = ReferralView & { referrerName: string | null; referredName: string | null };

/**
 * What the 360 shows: the customer's code and link (the code is made on first view), who
 * referred them, and whom they referred (accepted and refused, latest 100).
 */
export async function getCustomerReferrals(ctx: Pick<Ctx, 'db' | 'config'>, customerId: string) {
  const code = await getReferralCode(ctx, customerId);
  const all = await listReferrals(ctx, { customerId, limit: 101 });
  const ids = [...new Set(all.flatMap((r) => [r.referrerId, r.referredId]).filter((x): x is string => !!x))];
  const names = await getCustomerNames(ctx, ids);
  const named = all.map(
    (r): Named => ({
      ...r,
      referrerName: r.referrerId ? (names.get(r.referrerId) ?? null) : null,
      referredName: names.get(r.referredId) ?? null,
    }),
  );
  return {
    customerId,
    code,
    link: `${ctx.config.publicUrl.replace(/\/$/, '')}/r/${code}`,
    referredBy: named.find((r) => r.referredId === customerId && r.status === 'accepted') ?? null,
    referred: named.filter((r) => r.referrerId === customerId).slice(0, 100),
  };
}
