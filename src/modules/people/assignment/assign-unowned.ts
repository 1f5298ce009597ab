import type { Ctx } from '../../../kernel/context.ts';
import { defineJob } from '../../../kernel/context.ts';
import { assignOwner, listCustomerTraits } from '../../customers/index.ts';
import { tiersOf } from '../../loyalty/index.ts';
import { loadRoster } from '../../staff/index.ts';
import { bookLoads, clvOf } from './book-loads.ts';
import { listRules } from './list-rules.ts';
import { planAssignment } from './plan-assignment.ts';
import { type AssignmentRule, matchesRule } from './rule.ts';
import { ruleTargets } from './rule-targets.ts';
import { segmentMemberIds } from './segment-member-ids.ts';

const PAGE = 1000;

export type AssignmentRun = { assigned: number; unmatched: number; byStaff: Record<string, number> };

/**
 * Gives every unowned customer an owner by the first active rule it matches, balancing each
 * rule's reps by count, then CLV. Owned customers are never touched (sticky). Customers no rule
 * matches stay unowned and are counted. Each page commits on its own through customers'
 * assignOwner (timeline entry "why": the rule's name), so a crash mid-run loses nothing and a
 * rerun continues where it stopped; `onlyFrom: null` (checked under assignOwner's row lock) keeps
 * a concurrent run or a person who picked an owner meanwhile from being overridden.
 */
export async function assignUnowned(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<AssignmentRun> {
  const rules = (await listRules(ctx)).filter((r) => r.active);
  const run: AssignmentRun = { assigned: 0, unmatched: 0, byStaff: {} };
  if (!rules.length) return run;
  const roster = await loadRoster(ctx);
  const targets = new Map(rules.map((r) => [r.id, ruleTargets(r, roster)]));
  const members = new Map<string, Set<string>>();
  for (const r of rules) if (r.segmentId) members.set(r.id, await segmentMemberIds(ctx, r.segmentId));
  const loads = await bookLoads(ctx, [...new Set([...targets.values()].flat())]);
  let after: string | undefined;
  for (;;) {
    const page = await listCustomerTraits(ctx, { unowned: true, after, limit: PAGE });
    if (!page.length) return run;
    after = page.at(-1)?.id;
    const clv = await clvOf(
      ctx,
      page.map((c) => c.id),
    );
    // Tiers through loyalty's seam, once per page, only when a rule asks for them.
    const tiers = rules.some((r) => r.tierIds.length)
      ? await tiersOf(
          ctx,
          page.map((c) => c.id),
        )
      : undefined;
    const byRule = new Map<AssignmentRule, { id: string; clvMinor: number }[]>();
    for (const c of page) {
      const rule = rules.find(
        (r) => targets.get(r.id)?.length && matchesRule(r, c, members.get(r.id), tiers),
      );
      if (!rule) {
        run.unmatched += 1;
        continue;
      }
      byRule.set(rule, [...(byRule.get(rule) ?? []), { id: c.id, clvMinor: clv.get(c.id) ?? 0 }]);
    }
    for (const [rule, customers] of byRule) {
      const plan = planAssignment(customers, loads, targets.get(rule.id) as string[]);
      const byOwner = new Map<string, string[]>();
      for (const [cid, sid] of plan) byOwner.set(sid, [...(byOwner.get(sid) ?? []), cid]);
      for (const [ownerId, customerIds] of byOwner) {
        const r = await assignOwner(
          ctx,
          { customerIds, ownerId, onlyFrom: null, reason: `assignment rule "${rule.name}"` },
          {},
        );
        run.assigned += r.changedIds.length;
        run.byStaff[ownerId] = (run.byStaff[ownerId] ?? 0) + r.changedIds.length;
      }
    }
    if (page.length < PAGE) return run;
  }
}

/** The backlog: new customers from ingest and imports arrive unowned; this gives them owners. */
export const assignUnownedJob = defineJob<Record<string, never>>({
  name: 'people.assign-unowned',
  cron: '*/10 * * * *',
  retryLimit: 2,
  handle: async (ctx) => {
    await assignUnowned(ctx);
  },
});
