import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { defineJob } from '../../kernel/context.ts';
import { loadRoster, type Roster } from '../staff/index.ts';
import { checkSla } from './check-sla.ts';
import { emitWebhook } from './emit-webhook.ts';
import { notifyStaff } from './notify-staff.ts';
import { caseWebhookData } from './on-flag.ts';
import { recordCaseEvent } from './record-case-event.ts';
import { routeCase } from './route-case.ts';

const BATCH = 200;

/**
 * The loop's clock, run every minute: assigns cases that waited for a team to come on shift,
 * wakes snoozed cases, and fires SLA warnings and breaches. Each case is handled in its own short
 * transaction with its row locked (SKIP LOCKED), so any number of workers can sweep at once.
 */
export async function sweepCases(ctx: Ctx): Promise<{ assigned: number; woken: number; slaEvents: number }> {
  const now = ctx.clock.now();
  const result = { assigned: 0, woken: 0, slaEvents: 0 };
  let roster: Roster | undefined;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const due = await sql<{ customer_id: string; id: string }>`
      select customer_id, id from loop_case
      where status <> 'resolved' and id > ${after}::uuid and (
        (assignee_id is null and queued_until <= ${now})
        or (status = 'snoozed' and snoozed_until <= ${now})
        or (first_contact_at is null and first_contact_warn_at <= ${now} and sla_state & 1 = 0)
        or (first_contact_at is null and first_contact_due_at <= ${now} and sla_state & 2 = 0)
        or (resolution_warn_at <= ${now} and sla_state & 4 = 0)
        or (resolution_due_at <= ${now} and sla_state & 8 = 0))
      order by id limit ${BATCH}`.execute(ctx.db);
    if (due.rows.length === 0) break;
    after = due.rows.at(-1)?.id ?? after;
    roster ??= await loadRoster(ctx);
    for (const { customer_id, id } of due.rows) {
      await ctx.db.transaction().execute(async (trx) => {
        const k = await trx
          .selectFrom('loop_case')
          .selectAll()
          .where('customer_id', '=', customer_id)
          .where('id', '=', id)
          .where('status', '<>', 'resolved')
          .forUpdate()
          .skipLocked()
          .executeTakeFirst();
        if (!k || !roster) return;
        let cur = k;
        const base = { customerId: k.customer_id, caseId: k.id, at: now };
        if (k.status === 'snoozed' && k.snoozed_until && k.snoozed_until <= now) {
          cur = { ...cur, status: 'open', snoozed_until: null };
          await trx
            .updateTable('loop_case')
            .set({ status: 'open', snoozed_until: null, updated_at: now })
            .where('customer_id', '=', k.customer_id)
            .where('id', '=', k.id)
            .execute();
          await recordCaseEvent(trx, { ...base, kind: 'woken', details: { reason: 'snooze ended' } });
          if (k.assignee_id) {
            await notifyStaff(ctx, trx, {
              recipientId: k.assignee_id,
              customerId: k.customer_id,
              caseId: k.id,
              kind: 'woken',
              title: `Snooze ended: ${k.title}`,
              body: 'The case is back in your queue.',
              channels: ['in-app'],
              dedupeKey: `case:${k.id}:woken:${k.snoozed_until.toISOString()}`,
            });
          }
          result.woken++;
        }
        if (!k.assignee_id && k.queued_until && k.queued_until <= now) {
          const team = k.team_id ? roster.teams.get(k.team_id) : undefined;
          // Prefer the team the case waited for; if its people are still off (hours changed), route afresh.
          const only: Roster = team ? { teams: new Map([[team.id, team]]), staff: roster.staff } : roster;
          let r = await routeCase(trx, only, { ownerId: null, at: now });
          if (!r.assigneeId) r = await routeCase(trx, roster, { ownerId: null, at: now });
          cur = { ...cur, team_id: r.teamId, assignee_id: r.assigneeId, queued_until: r.queuedUntil };
          await trx
            .updateTable('loop_case')
            .set({
              team_id: r.teamId,
              assignee_id: r.assigneeId,
              assigned_at: r.assigneeId ? now : null,
              queued_until: r.queuedUntil,
              updated_at: now,
            })
            .where('customer_id', '=', k.customer_id)
            .where('id', '=', k.id)
            .execute();
          if (r.assigneeId) {
            const name = roster.staff.get(r.assigneeId)?.name;
            await recordCaseEvent(trx, {
              ...base,
              kind: 'assigned',
              details: {
                assigneeId: r.assigneeId,
                assigneeName: name,
                teamId: r.teamId,
                reason: 'team came on shift',
              },
            });
            await notifyStaff(ctx, trx, {
              recipientId: r.assigneeId,
              customerId: k.customer_id,
              caseId: k.id,
              kind: 'case-assigned',
              title: `New case for you: ${k.title}`,
              body: `P${k.priority} (${k.severity}); it waited for your team to come on shift.`,
              channels: ['in-app', 'email'],
              dedupeKey: `case:${k.id}:${k.cycle}:assigned:${r.assigneeId}`,
            });
            await emitWebhook(ctx, trx, {
              type: 'case.assigned',
              at: now,
              summary: `${k.title} — assigned to ${name}`,
              data: caseWebhookData(ctx, { ...k, assignee_id: r.assigneeId, team_id: r.teamId }),
              dedupeKey: `case:${k.id}:${k.cycle}:assigned:${r.assigneeId}`,
            });
            result.assigned++;
          }
        }
        result.slaEvents += await checkSla(ctx, trx, cur, roster);
      });
    }
    if (due.rows.length < BATCH) break;
  }
  return result;
}

export const sweepCasesJob = defineJob<Record<string, never>>({
  name: 'loop.sweep-cases',
  cron: '* * * * *',
  retryLimit: 1,
  expireInSeconds: 120,
  handle: (ctx) => sweepCases(ctx),
});
