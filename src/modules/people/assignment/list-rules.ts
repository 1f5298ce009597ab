import type { Ctx } from '../../../kernel/context.ts';
import { type AssignmentRule, ruleOf } from './rule.ts';

/** The rules in the order they are tried. */
export async function listRules(ctx: Pick<Ctx, 'db'>): Promise<AssignmentRule[]> {
  const rows = await ctx.db
    .selectFrom('people_assignment_rule')
    .selectAll()
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map(ruleOf);
}
