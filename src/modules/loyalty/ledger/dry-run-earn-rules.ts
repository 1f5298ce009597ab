import type { Ctx } from '../../../kernel/context.ts';
import { type RecordedInteraction, scanInteractions } from '../../customers/index.ts';
import { compileEarnRule } from './compile-earn-rule.ts';
import { evaluatePurchases } from './evaluate-purchases.ts';

export type DryRunInput = {
  rules: { name: string; condition: string; points: string }[];
  days: number;
  maxPurchases: number;
};

const PAGE = 2000;

/**
 * What these rules would have earned over the past `days` of purchases: the same evaluation as
 * real earning (evaluatePurchases), over the same purchases, with today's tiers. Nothing is
 * written. Says how many purchases it looked at and whether it stopped at the cap.
 */
export async function dryRunEarnRules(ctx: Pick<Ctx, 'db' | 'clock'>, input: DryRunInput) {
  const rules = input.rules.map((r, i) => compileEarnRule({ id: `rule-${i + 1}`, ...r }));
  // The scan is to-exclusive: a purchase recorded at this very instant counts.
  const to = new Date(ctx.clock.now().getTime() + 1);
  const from = new Date(to.getTime() - input.days * 86_400_000);
  const byCustomer = new Map<string, { points: number; purchases: number }>();
  const perRule = rules.map((r) => ({
    name: r.name,
    points: 0,
    purchases: 0,
    errors: 0,
    firstError: null as string | null,
  }));
  const sample: {
    customerId: string;
    occurredAt: Date;
    amountMinor: number | null;
    currency: string | null;
    points: number;
    rules: { name: string; points: number }[];
  }[] = [];
  let scanned = 0;
  let earning = 0;
  let points = 0;
  let before: Parameters<typeof scanInteractions>[1]['before'];
  let truncated = false;
  for (;;) {
    const limit = Math.min(PAGE, input.maxPurchases - scanned);
    if (limit <= 0) {
      truncated = true;
      break;
    }
    const page = await scanInteractions(ctx, { from, to, kinds: ['purchase'], limit, before });
    const purchases = page.data.filter(
      (p): p is RecordedInteraction & { id: number } => p.id !== undefined && (p.amountMinor ?? 0) > 0,
    );
    scanned += page.data.length;
    for (const e of await evaluatePurchases(ctx, rules, purchases)) {
      e.errors.forEach((err) => {
        const s = perRule[Number(err.ruleId.slice(5)) - 1];
        if (s) {
          s.errors++;
          s.firstError ??= err.error;
        }
      });
      for (const r of e.rules) {
        const s = perRule[Number(r.ruleId.slice(5)) - 1];
        if (s) {
          s.points += r.points;
          s.purchases++;
        }
      }
      if (e.points <= 0) continue;
      earning++;
      points += e.points;
      const c = byCustomer.get(e.purchase.customerId) ?? { points: 0, purchases: 0 };
      c.points += e.points;
      c.purchases++;
      byCustomer.set(e.purchase.customerId, c);
      if (sample.length < 10)
        sample.push({
          customerId: e.purchase.customerId,
          occurredAt: e.purchase.occurredAt,
          amountMinor: e.purchase.amountMinor,
          currency: e.purchase.currency,
          points: e.points,
          rules: e.rules.map((r) => ({ name: r.name, points: r.points })),
        });
    }
    if (!page.next) break;
    before = page.next;
  }
  const topCustomers = [...byCustomer.entries()]
    .sort((a, b) => b[1].points - a[1].points)
    .slice(0, 10)
    .map(([customerId, c]) => ({ customerId, ...c }));
  return {
    from,
    to,
    purchasesScanned: scanned,
    truncated,
    purchasesEarning: earning,
    customers: byCustomer.size,
    points,
    rules: perRule,
    topCustomers,
    sample,
  };
}
