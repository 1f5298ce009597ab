import type { Ctx } from '../../kernel/context.ts';
import { defineJob } from '../../kernel/context.ts';
import { searchCustomers } from '../customers/index.ts';
import { buildRuleFactsBatch } from './build-rule-facts.ts';
import { evaluateRule } from './compile-condition.ts';
import { raiseFlag } from './raise-flag.ts';
import { RuleErrors, recordRuleErrors } from './record-rule-errors.ts';

const PAGE = 200;

/**
 * Evaluates every enabled scheduled rule for these customers, as of now. The trigger key is the
 * run's day, so rerunning a night raises nothing twice; the rule's cooldown keeps a persisting
 * condition (still no contact) from raising a flag every night.
 */
export async function evaluateCustomers(
  ctx: Ctx,
  customerIds: string[],
  runKey: string,
): Promise<{ flags: number }> {
  const rules = await ctx.db
    .selectFrom('red_flag_rule')
    .selectAll()
    .where('enabled', '=', true)
    .where('trigger', '=', 'schedule')
    .execute();
  let flags = 0;
  if (rules.length === 0) return { flags };
  // The page's facts in three statements; only customers a rule matches cost more.
  const built = await buildRuleFactsBatch(ctx, customerIds);
  const errors = new RuleErrors();
  for (const [customerId, { facts, customer }] of built) {
    for (const rule of rules) {
      const o = evaluateRule(rule, facts);
      if ('error' in o) errors.add(rule.id, o.error);
      if (!('matched' in o) || !o.matched) continue;
      const r = await raiseFlag(ctx, {
        customerId,
        rule: {
          id: rule.id,
          key: rule.key,
          name: rule.name,
          severity: rule.severity,
          playbookId: rule.playbook_id,
          notify: rule.notify,
          cooldownDays: rule.cooldown_days,
        },
        triggerKey: `schedule:${runKey}`,
        summary: rule.name,
        event: null,
        customer,
      });
      if (r.status === 'opened' || r.status === 'added') flags++;
    }
  }
  await recordRuleErrors(ctx, errors);
  return { flags };
}

export const evaluateCustomersJob = defineJob<{ customerIds: string[]; runKey: string }>({
  name: 'loop.evaluate-customers',
  retryLimit: 3,
  localConcurrency: 2,
  expireInSeconds: 600,
  handle: (ctx, data) => evaluateCustomers(ctx, data.customerIds, data.runKey),
});

/** Fans the nightly run out over all active customers, a page per job, so every worker helps. */
export async function runScheduledRules(ctx: Ctx): Promise<{ jobs: number }> {
  const runKey = ctx.clock.now().toISOString().slice(0, 10);
  let after: string | undefined;
  let jobs = 0;
  for (;;) {
    const page = await searchCustomers(ctx, { status: 'active', after, limit: PAGE });
    if (page.data.length === 0) break;
    await ctx.queue.send(evaluateCustomersJob, { customerIds: page.data.map((c) => c.id), runKey });
    jobs++;
    if (!page.nextCursor) break;
    after = page.nextCursor;
  }
  return { jobs };
}

export const runScheduledRulesJob = defineJob<Record<string, never>>({
  name: 'loop.run-scheduled-rules',
  cron: '30 2 * * *',
  retryLimit: 2,
  handle: (ctx) => runScheduledRules(ctx),
});
