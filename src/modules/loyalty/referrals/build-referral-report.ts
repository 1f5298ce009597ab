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

type G = { customers: number; curve: { points: { time: number; survival: number }[] } };

// S(t) of a step curve at month t.
const at = (g: G, t: number) => {
  let s = 1;
  for (const p of g.curve.points) if (p.time <= t) s = p.survival;
  return s;
};

function verdictOf(r: G | null, o: G | null, p: number | null): string {
  if (!r || !o || r.customers === 0 || o.customers === 0)
    return 'Not enough data: both referred and non-referred customers are needed.';
  if (p === null) return 'Not testable yet: no customer in either group has left.';
  // Compared where both curves are observed: the shorter of the two follow-ups.
  const last = (g: G) => g.curve.points.at(-1)?.time ?? 0;
  const month = Math.min(last(r), last(o));
  const longer = at(r, month) >= at(o, month) ? 'referred' : 'non-referred';
  const n = `(n = ${r.customers} referred, ${o.customers} not; log-rank p = ${p.toPrecision(2)})`;
  return p < 0.05
    ? `On this data ${longer} customers stay longer ${n}.`
    : `On this data the two groups' retention is not distinguishable at the 5% level ${n}.`;
}
