import type { Ctx } from '../../../kernel/context.ts';
import { firstPurchasesAmong, type RecordedInteraction } from '../../customers/index.ts';
import { tiersOf } from '../tier-lookup.ts';
import type { EarnRule } from './compile-earn-rule.ts';
import { toMajor } from './earn-facts.ts';

export type PurchaseEarning = {
  purchase: RecordedInteraction & { id: number };
  points: number;
  /** Points per rule that gave some; rules that failed on this purchase, with why. */
  rules: { ruleId: string; name: string; points: number }[];
  errors: { ruleId: string; name: string; error: string }[];
};

/**
 * Runs the earn rules over purchases: one code path for real earning (the ingest listener) and
 * the dry run, so the dry run tells what earning would do. A rule that fails on one purchase (a
 * property it reads is absent) gives nothing for it and is reported, never guessed.
 */
export async function evaluatePurchases(
  ctx: Pick<Ctx, 'db'>,
  rules: readonly EarnRule[],
  purchases: readonly (RecordedInteraction & { id: number })[],
): Promise<PurchaseEarning[]> {
  if (rules.length === 0 || purchases.length === 0) return [];
  const [firsts, tiers] = await Promise.all([
    rules.some((r) => r.needs.firstPurchase) ? firstPurchasesAmong(ctx, purchases) : new Set<number>(),
    rules.some((r) => r.needs.tier)
      ? tiersOf(ctx, [...new Set(purchases.map((p) => p.customerId))])
      : new Map<string, { name: string }>(),
  ]);
  return purchases.map((p) => {
    const currency = p.currency ?? '';
    const minor = p.amountMinor ?? 0;
    const facts = {
      amount: toMajor(minor, currency),
      amountMinor: minor,
      currency,
      tier: tiers.get(p.customerId)?.name ?? '',
      isFirstPurchase: firsts.has(p.id),
      channel: p.channel,
      properties: p.properties ?? {},
    };
    const out: PurchaseEarning = { purchase: p, points: 0, rules: [], errors: [] };
    for (const r of rules) {
      try {
        const points = r.run(facts);
        if (points > 0) out.rules.push({ ruleId: r.id, name: r.name, points });
        out.points += points;
      } catch (err) {
        out.errors.push({ ruleId: r.id, name: r.name, error: (err as Error).message.split('\n')[0] ?? '' });
      }
    }
    return out;
  });
}
