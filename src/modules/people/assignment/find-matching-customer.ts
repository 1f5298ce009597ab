import type { Ctx } from '../../../kernel/context.ts';
import { type CustomerTraits, listCustomerTraits } from '../../customers/index.ts';
import { tiersOf } from '../../loyalty/index.ts';
import { type AssignmentRule, matchesRule } from './rule.ts';
import { segmentMemberIds } from './segment-member-ids.ts';

const PAGE = 2000;

/** The first customer (id order) a rule's conditions match, or null: a rule that matches nobody is a mistake. */
export async function findMatchingCustomer(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  rule: Pick<AssignmentRule, 'countries' | 'languages' | 'segmentId' | 'tierIds'>,
): Promise<CustomerTraits | null> {
  const members = rule.segmentId ? await segmentMemberIds(ctx, rule.segmentId) : undefined;
  let after: string | undefined;
  for (;;) {
    const page = await listCustomerTraits(ctx, { after, limit: PAGE });
    const tiers = rule.tierIds.length
      ? await tiersOf(
          ctx,
          page.map((c) => c.id),
        )
      : undefined;
    const hit = page.find((c) => matchesRule(rule, c, members, tiers));
    if (hit) return hit;
    if (page.length < PAGE) return null;
    after = page.at(-1)?.id;
  }
}
