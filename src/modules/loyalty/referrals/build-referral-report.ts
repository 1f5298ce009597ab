import type { Ctx } from '../../../kernel/context.ts';
import { compareRetention } from '../../insight/index.ts';

/**
 * Referred vs non-referred customers: retention curves (insight's Kaplan–Meier over the same
 * lifetimes as its survival report), a log-rank test between them, mean P(alive) and CLV from
 * the latest scores, and the sample sizes, so "referred customers stay longer" is a finding on
 * this data or a visible non-finding, never an assertion.
 */
export async function buildReferralReport(ctx: Pick<Ctx, 'db' | 'clock'>) {
  const rows = await ctx.db
    .selectFrom('loyalty_referral')
    .select(['referred_id', 'credited_on'])
    .where('status', '=', 'accepted')
    .execute();
  const referred = new Set(rows.map((r) => r.referred_id));
  const comparison = await compareRetention(ctx, {
    groupOf: (id) => (referred.has(id) ? 'referred' : 'not-referred'),
  });
  const referredGroup = comparison.groups.find((g) => g.group === 'referred') ?? null;
  const other = comparison.groups.find((g) => g.group === 'not-referred') ?? null;
  return {
    ...comparison,
    referrals: { accepted: rows.length, purchased: rows.filter((r) => r.credited_on !== null).length },
    verdict: verdictOf(referredGroup, other, comparison.logRank?.pValue ?? null),
  };
}

type G = { customers: number; curve: { median: number | null }; at: { months: number; survival: number | null }[] };

function verdictOf(r: G | null, o: G | null, p: number | null): string {
  if (!r || !o || r.customers === 0 || o.customers === 0)
    return 'Not enough data: both referred and non-referred customers are needed.';
  if (p === null) return 'Not testable yet: no customer in either group has left.';
  const s = (g: G) => [...g.at].reverse().find((a) => a.survival !== null)?.survival ?? 1;
  const longer = s(r) >= s(o) ? 'referred' : 'non-referred';
  const n = `(n = ${r.customers} referred, ${o.customers} not; log-rank p = ${p.toPrecision(2)})`;
  return p < 0.05
    ? `On this data ${longer} customers stay longer ${n}.`
    : `On this data the two groups' retention is not distinguishable at the 5% level ${n}.`;
}
