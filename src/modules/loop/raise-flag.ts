import { sql } from 'kysely';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../kernel/context.ts';
import { assignArm } from '../outreach/index.ts';
import type { CustomerFacts } from './build-rule-facts.ts';
import { HIGH_VALUE_MINOR } from './build-rule-facts.ts';
import { getRoster } from './cached-roster.ts';
import { priorityOf } from './case-text.ts';
import { slaDeadlines } from './compute-sla.ts';
import { onCaseOpened, onFlagAdded } from './on-flag.ts';
import { routeCase } from './route-case.ts';
import { serviceLevelOf } from './service-level.ts';
import type { NotifyChannel, Severity } from './tables.ts';

export type FlagRule = {
  id: string;
  key: string;
  name: string;
  severity: Severity;
  playbookId: string | null;
  notify: NotifyChannel[];
  cooldownDays: number;
};
export type FlagInput = {
  customerId: string;
  rule: FlagRule;
  /** Names the occurrence: the touchpoint's source id, or the night of a scheduled run. */
  triggerKey: string;
  summary: string;
  event: Record<string, unknown> | null;
  customer: CustomerFacts;
};
export type FlagResult = {
  status: 'opened' | 'added' | 'duplicate' | 'cooldown';
  caseId?: string;
  alertId?: number;
};

class AlreadyRaised extends Error {}

// A rule without a playbook looks up an id no playbook has, so the statement keeps one shape.
const NO_PLAYBOOK = '00000000-0000-0000-0000-000000000000';

/**
 * Records one red flag and puts it in front of someone, in one transaction. The alert's unique
 * (customer, rule, trigger) key makes a retried or concurrent evaluation a no-op; the partial
 * unique index on open cases makes every flag of a customer with an open case join that case.
 * A new case is routed, given SLA deadlines and playbook tasks, and its notifications and
 * webhooks are queued in the same commit: all of it exists, or none of it.
 */
export async function raiseFlag(ctx: Ctx, input: FlagInput): Promise<FlagResult> {
  const now = ctx.clock.now();
  const { customerId, rule } = input;
  try {
    // Read before the transaction: a transaction must never wait for a second pool connection.
    const roster = await getRoster(ctx);
    const level = await serviceLevelOf(ctx, customerId);
    return await ctx.db.transaction().execute(async (trx) => {
      if (rule.cooldownDays > 0) {
        const recent = await trx
          .selectFrom('alert')
          .select('id')
          .where('rule_id', '=', rule.id)
          .where('customer_id', '=', customerId)
          .where('raised_at', '>', new Date(now.getTime() - rule.cooldownDays * 86_400_000))
          .executeTakeFirst();
        if (recent) return { status: 'cooldown' as const };
      }
      const openCase = () =>
        trx
          .selectFrom('loop_case')
          .selectAll()
          .where('customer_id', '=', customerId)
          .where('status', '<>', 'resolved')
          .forUpdate()
          .executeTakeFirst();
      let kase = await openCase();
      let opened: Parameters<typeof onCaseOpened>[2] | undefined;
      if (!kase) {
        const routing = await routeCase(trx, roster, { ownerId: input.customer.ownerId, at: now });
        // The SLA policy and the playbook in one statement.
        const { playbook: found, ...policy } = await trx
          .selectFrom('sla_policy')
          .selectAll('sla_policy')
          .select((eb) =>
            jsonObjectFrom(
              eb
                .selectFrom('playbook')
                .select(['id', 'key', 'name', 'steps'])
                .where('id', '=', rule.playbookId ?? NO_PLAYBOOK)
                .where('enabled', '=', true),
            ).as('playbook'),
          )
          .where('severity', '=', rule.severity)
          .executeTakeFirstOrThrow();
        const playbook = found ?? undefined;
        const sla = slaDeadlines(policy, roster, { teamId: routing.teamId, start: now, level });
        // The holdout arm is drawn before the case is written, so the case is inserted as it
        // will stay (a held-out case has no first-contact deadline) instead of updated after.
        // Should the insert lose to a case another worker just opened, the arm is still the one
        // this customer gets with this playbook: the draw is deterministic per customer.
        const arm = playbook
          ? await assignArm(
              { db: trx },
              {
                programKind: 'playbook',
                programId: playbook.id,
                customerId,
                at: now,
                register: { key: playbook.key, name: playbook.name },
              },
            )
          : undefined;
        const held = arm !== undefined && arm !== 'treated';
        const inserted = await trx
          .insertInto('loop_case')
          .values({
            customer_id: customerId,
            id: uuidv7(),
            severity: rule.severity,
            priority: Math.min(
              priorityOf(rule.severity, input.customer.valueMinor >= HIGH_VALUE_MINOR),
              level?.priority ?? 4,
            ),
            title: `${rule.name}: ${input.customer.name ?? customerId}`,
            team_id: routing.teamId,
            assignee_id: routing.assigneeId,
            assigned_at: routing.assigneeId ? now : null,
            queued_until: routing.queuedUntil,
            opened_at: now,
            first_contact_warn_at: held ? null : sla.firstContactWarnAt,
            first_contact_due_at: held ? null : sla.firstContactDueAt,
            resolution_warn_at: sla.resolutionWarnAt,
            resolution_due_at: sla.resolutionDueAt,
            playbook_id: playbook?.id ?? null,
            playbook_applied: arm === 'treated',
            playbook_arm: arm ?? null,
            customer_value_minor: input.customer.valueMinor,
            value_currency: input.customer.valueCurrency,
          })
          // Another worker may have opened this customer's case a moment ago: then join it.
          .onConflict((oc) => oc.column('customer_id').where(sql<boolean>`status <> 'resolved'`).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (inserted) {
          kase = inserted;
          opened = { routing, sla, playbook, roster, arm };
        } else {
          kase = await openCase();
          if (!kase) throw new Error(`open case of customer ${customerId} vanished`);
        }
      }
      const alert = await trx
        .insertInto('alert')
        .values({
          customer_id: customerId,
          rule_id: rule.id,
          case_id: kase.id,
          trigger_key: input.triggerKey,
          severity: rule.severity,
          summary: input.summary,
          event: input.event ? JSON.stringify(input.event) : null,
          raised_at: now,
        })
        .onConflict((oc) => oc.columns(['customer_id', 'rule_id', 'trigger_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      // Rolls back a case this transaction may have opened: the flag was raised before.
      if (!alert) throw new AlreadyRaised();
      if (opened) {
        await onCaseOpened(ctx, trx, opened, kase, input, alert.id);
        return { status: 'opened' as const, caseId: kase.id, alertId: alert.id };
      }
      await onFlagAdded(ctx, trx, kase, input, alert.id, roster);
      return { status: 'added' as const, caseId: kase.id, alertId: alert.id };
    });
  } catch (err) {
    if (err instanceof AlreadyRaised) return { status: 'duplicate' };
    throw err;
  }
}
