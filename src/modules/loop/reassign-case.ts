import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { loadRoster } from '../staff/index.ts';
import { lockCase } from './case-view.ts';
import { emitWebhook } from './emit-webhook.ts';
import { notifyStaff } from './notify-staff.ts';
import { caseWebhookData } from './on-flag.ts';
import { recordCaseEvent } from './record-case-event.ts';

/**
 * Hands a case (and its open tasks) to someone else. The case moves to the new assignee's team;
 * its SLA deadlines stay as they were, so a hand-off never buys time.
 */
export async function reassignCase(
  ctx: Ctx,
  id: string,
  input: { assigneeId: string; reason?: string },
  actorId: string | null,
): Promise<void> {
  const roster = await loadRoster(ctx);
  const to = roster.staff.get(input.assigneeId);
  if (!to?.active)
    throw new AppError('validation_failed', `assigneeId: ${input.assigneeId} is not an active staff member`);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const k = await lockCase(trx, id, { open: true });
    if (k.assignee_id === to.id) return;
    const teamId = to.teamId ?? k.team_id;
    await trx
      .updateTable('loop_case')
      .set({ assignee_id: to.id, team_id: teamId, assigned_at: now, queued_until: null, updated_at: now })
      .where('customer_id', '=', k.customer_id)
      .where('id', '=', k.id)
      .execute();
    await trx
      .updateTable('task')
      .set({ assignee_id: to.id })
      .where('customer_id', '=', k.customer_id)
      .where('case_id', '=', k.id)
      .where('status', '=', 'open')
      .execute();
    await recordCaseEvent(trx, {
      customerId: k.customer_id,
      caseId: k.id,
      at: now,
      kind: 'reassigned',
      actorId,
      details: { from: k.assignee_id, to: to.id, toName: to.name, teamId, reason: input.reason ?? null },
    });
    await notifyStaff(ctx, trx, {
      recipientId: to.id,
      customerId: k.customer_id,
      caseId: k.id,
      kind: 'case-assigned',
      title: `Case handed to you: ${k.title}`,
      body: input.reason ? `Reason: ${input.reason}` : 'A colleague handed this case to you.',
      channels: ['in-app', 'email'],
      dedupeKey: `case:${k.id}:reassigned:${now.toISOString()}:${to.id}`,
    });
    await emitWebhook(ctx, trx, {
      type: 'case.assigned',
      at: now,
      summary: `${k.title} — reassigned to ${to.name}`,
      data: caseWebhookData(
        ctx,
        { ...k, assignee_id: to.id, team_id: teamId },
        { reason: input.reason ?? null },
      ),
      dedupeKey: `case:${k.id}:reassigned:${now.toISOString()}:${to.id}`,
    });
  });
}
