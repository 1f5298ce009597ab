import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { loadRoster } from '../staff/index.ts';
import { HIGH_VALUE_MINOR } from './build-rule-facts.ts';
import { priorityOf } from './case-text.ts';
import { lockCase } from './case-view.ts';
import { computeSla } from './compute-sla.ts';
import { emitWebhook } from './emit-webhook.ts';
import { notifyStaff } from './notify-staff.ts';
import { caseWebhookData } from './on-flag.ts';
import { recordCaseEvent } from './record-case-event.ts';
import { serviceLevelOf } from './service-level.ts';

/**
 * Reopens a resolved case: a new cycle with a fresh resolution clock. The previous outcome stays
 * in the history. Refused when the customer already has another open case (work on that one).
 * Priority and resolution targets are decided again as for a new case, with the customer's
 * service level (loyalty tier) of today: a customer who became Gold since is served as Gold.
 */
export async function reopenCase(
  ctx: Ctx,
  id: string,
  input: { reason: string },
  actorId: string | null,
): Promise<void> {
  const now = ctx.clock.now();
  const roster = await loadRoster(ctx);
  // Read before the transaction, as raiseFlag does: a transaction must never wait for a second
  // pool connection. The case's customer never changes, so reading it unlocked is safe.
  const owner = await ctx.db
    .selectFrom('loop_case')
    .select('customer_id')
    .where('id', '=', id)
    .executeTakeFirst();
  const level = owner ? await serviceLevelOf(ctx, owner.customer_id) : null;
  await ctx.db.transaction().execute(async (trx) => {
    const k = await lockCase(trx, id);
    if (k.status !== 'resolved') throw new AppError('conflict', `Case ${id} is not resolved`);
    const other = await trx
      .selectFrom('loop_case')
      .select('id')
      .where('customer_id', '=', k.customer_id)
      .where('status', '<>', 'resolved')
      .executeTakeFirst();
    if (other)
      throw new AppError(
        'conflict',
        `The customer already has open case ${other.id}; add to that one instead`,
        { caseId: other.id },
      );
    const sla = await computeSla(trx, roster, { severity: k.severity, teamId: k.team_id, start: now, level });
    const changes = {
      status: 'open' as const,
      priority: Math.min(
        priorityOf(k.severity, k.customer_value_minor >= HIGH_VALUE_MINOR),
        level?.priority ?? 4,
      ),
      resolved_at: null,
      outcome: null,
      root_causes: [],
      resolution_note: null,
      cycle: k.cycle + 1,
      sla_state: k.first_contact_at ? 3 : 0,
      resolution_warn_at: sla.resolutionWarnAt,
      resolution_due_at: sla.resolutionDueAt,
      updated_at: now,
    };
    await trx
      .updateTable('loop_case')
      .set({ ...changes, root_causes: sql`'{}'::text[]` })
      .where('customer_id', '=', k.customer_id)
      .where('id', '=', k.id)
      .execute();
    await recordCaseEvent(trx, {
      customerId: k.customer_id,
      caseId: k.id,
      at: now,
      kind: 'reopened',
      actorId,
      details: {
        reason: input.reason,
        previous: { outcome: k.outcome, rootCauses: k.root_causes, resolvedAt: k.resolved_at },
        resolutionDueAt: sla.resolutionDueAt,
        priority: changes.priority,
        ...(level && { serviceLevel: level.label }),
      },
    });
    if (k.assignee_id && k.assignee_id !== actorId) {
      await notifyStaff(ctx, trx, {
        recipientId: k.assignee_id,
        customerId: k.customer_id,
        caseId: k.id,
        kind: 'reopened',
        title: `Case reopened: ${k.title}`,
        body: `Reason: ${input.reason}`,
        channels: ['in-app', 'email'],
        dedupeKey: `case:${k.id}:${changes.cycle}:reopened`,
      });
    }
    await emitWebhook(ctx, trx, {
      type: 'case.reopened',
      at: now,
      summary: `${k.title} — reopened: ${input.reason}`,
      data: caseWebhookData(ctx, { ...k, ...changes, root_causes: [] }, { reason: input.reason }),
      dedupeKey: `case:${k.id}:${changes.cycle}:reopened`,
    });
  });
}
