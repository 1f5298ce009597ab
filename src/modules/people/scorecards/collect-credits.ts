import type { Ctx } from '../../../kernel/context.ts';
import { sumPurchasesBetween } from '../../customers/index.ts';
import { listScoredResponses } from '../../feedback/index.ts';
import { scoresAsOf } from '../../insight/index.ts';
import { listCaseOutcomes, listPromiseOutcomes } from '../../loop/index.ts';
import { ownerAt, ownershipPeriods, type Period } from './ownership-periods.ts';
import type { Credits } from './summarize-card.ts';

/** A scorecard reads at most this many facts of each kind per period (a bound, not a sample). */
export const MAX_FACTS = 50_000;

/**
 * Every fact of [from, to) credited to whichever of these reps owned the customer when it
 * happened (ownership history), so moving a customer later never moves a past result. The book
 * is who each rep owned at `from`; its expected retention is P(alive) as scored then (1 − churn
 * probability when P(alive) is missing), read from insight's daily snapshots.
 */
export async function collectCredits(
  ctx: Pick<Ctx, 'db'>,
  staffIds: string[],
  from: Date,
  to: Date,
): Promise<Map<string, Credits>> {
  const out = new Map<string, Credits>(
    staffIds.map((s) => [s, { responses: [], cases: [], promises: [], book: [] }]),
  );
  const periods = await ownershipPeriods(ctx, staffIds, from, to);
  const byCustomer = new Map<string, Period[]>();
  for (const p of periods) byCustomer.set(p.customerId, [...(byCustomer.get(p.customerId) ?? []), p]);
  const q = { from, to, limit: MAX_FACTS };
  const [responses, cases, promises] = await Promise.all([
    listScoredResponses(ctx, q),
    listCaseOutcomes(ctx, q),
    listPromiseOutcomes(ctx, q),
  ]);
  for (const r of responses) {
    const owner = ownerAt(byCustomer, r.customerId, r.respondedAt);
    if (owner)
      out.get(owner)?.responses.push({
        id: r.id,
        customerId: r.customerId,
        type: r.type,
        score: r.score,
        at: r.respondedAt,
      });
  }
  for (const k of cases) {
    const owner = ownerAt(byCustomer, k.customerId, k.resolvedAt);
    if (owner)
      out.get(owner)?.cases.push({
        id: k.id,
        customerId: k.customerId,
        title: k.title,
        outcome: k.outcome,
        fcr: k.firstContactResolution,
        at: k.resolvedAt,
      });
  }
  for (const p of promises) {
    // A promise is its maker's (the assignee); one without an assignee is the owner's at its due time.
    const owner = p.assigneeId ?? ownerAt(byCustomer, p.customerId, p.dueAt);
    if (owner)
      out.get(owner)?.promises.push({
        id: p.id,
        customerId: p.customerId,
        title: p.title,
        keptOnTime: p.keptOnTime,
        dueAt: p.dueAt,
      });
  }
  const book = periods.filter((p) => p.from <= from && (p.to === null || from < p.to));
  const ids = book.map((p) => p.customerId);
  const span = to.getTime() - from.getTime();
  const [scores, during, before] = await Promise.all([
    scoresAsOf(ctx, ids, from),
    sumPurchasesBetween(ctx, ids, from, to),
    sumPurchasesBetween(ctx, ids, new Date(from.getTime() - span), from),
  ]);
  for (const p of book) {
    const s = scores.get(p.customerId);
    const expected = s?.pAlive ?? (s?.churnProbability != null ? 1 - s.churnProbability : null);
    out.get(p.ownerId)?.book.push({
      customerId: p.customerId,
      expected,
      retained: (during.get(p.customerId)?.purchases ?? 0) > 0,
      revenueBefore: before.get(p.customerId)?.amountMinor ?? 0,
      revenueDuring: during.get(p.customerId)?.amountMinor ?? 0,
    });
  }
  return out;
}
