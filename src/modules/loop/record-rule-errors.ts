import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';

/** Runtime errors of rules in one pass: how many per rule, and the last message. */
export class RuleErrors {
  readonly byRule = new Map<string, { count: number; message: string }>();
  add(ruleId: string, message: string): void {
    const e = this.byRule.get(ruleId);
    if (e) {
      e.count++;
      e.message = message;
    } else this.byRule.set(ruleId, { count: 1, message });
  }
}

/**
 * Adds a pass's runtime errors to their rules (one UPDATE per failing rule, not per failure),
 * so a rule that cannot be evaluated shows it in the rules list instead of looking quiet.
 */
export async function recordRuleErrors(ctx: Pick<Ctx, 'db' | 'clock' | 'log'>, errors: RuleErrors) {
  for (const [id, e] of errors.byRule) {
    ctx.log.warn({ rule: id, errors: e.count, error: e.message }, 'red-flag rule failed to evaluate');
    await ctx.db
      .updateTable('red_flag_rule')
      .set({
        error_count: sql`error_count + ${e.count}`,
        last_error: e.message,
        last_error_at: ctx.clock.now(),
      })
      .where('id', '=', id)
      .execute();
  }
}
