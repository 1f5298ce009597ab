import type { Selectable, Transaction } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import type { Database } from '../../kernel/db/database.ts';
import type { Roster } from '../staff/index.ts';
import { formatDue } from './case-text.ts';
import { emitWebhook } from './emit-webhook.ts';
import { notifyStaff } from './notify-staff.ts';
import { caseWebhookData } from './on-flag.ts';
import { recordCaseEvent } from './record-case-event.ts';
import type { LoopTables } from './tables.ts';

type CaseRow = Selectable<LoopTables['loop_case']>;

export const SLA_STAGES = [
  {
    bit: 1,
    clock: 'first-contact',
    level: 'warning',
    at: 'first_contact_warn_at',
    due: 'first_contact_due_at',
  },
  {
    bit: 2,
    clock: 'first-contact',
    level: 'breach',
    at: 'first_contact_due_at',
    due: 'first_contact_due_at',
  },
  { bit: 4, clock: 'resolution', level: 'warning', at: 'resolution_warn_at', due: 'resolution_due_at' },
  { bit: 8, clock: 'resolution', level: 'breach', at: 'resolution_due_at', due: 'resolution_due_at' },
] as const;

/**
 * Fires the SLA stages a case has reached: a warning to the assignee before a deadline, and at a
 * breach an escalation to the team's manager. Each stage is written to the case history once per
 * cycle (its bit in sla_state, and a dedupe key), so concurrent sweeps cannot double it.
 */
export async function checkSla(
  ctx: Ctx,
  trx: Transaction<Database>,
  k: CaseRow,
  roster: Roster,
): Promise<number> {
  const now = ctx.clock.now();
  let state = k.sla_state;
  let fired = 0;
  for (const s of SLA_STAGES) {
    const at = k[s.at];
    if (state & s.bit || !at || at > now) continue;
    state |= s.bit;
    // A first contact made in time silences its clock; resolution is checked only while open.
    if (s.clock === 'first-contact' && k.first_contact_at) continue;
    const base = { customerId: k.customer_id, caseId: k.id, at: now };
    const dedupe = `sla:${k.cycle}:${s.clock}:${s.level}`;
    const due = k[s.due];
    if (
      !(await recordCaseEvent(trx, {
        ...base,
        kind: s.level === 'warning' ? 'sla-warning' : 'sla-breach',
        details: { clock: s.clock, dueAt: due },
        dedupeKey: dedupe,
      }))
    )
      continue;
    fired++;
    const what = s.clock === 'first-contact' ? 'first contact' : 'resolution';
    if (s.level === 'warning') {
      if (k.assignee_id) {
        await notifyStaff(ctx, trx, {
          recipientId: k.assignee_id,
          customerId: k.customer_id,
          caseId: k.id,
          kind: 'sla-warning',
          title: (when) => `SLA warning: ${what} due ${when(due)} — ${k.title}`,
          body: (when) => `The ${what} deadline of this P${k.priority} case is ${when(due)}.`,
          channels: ['in-app', 'email'],
          dedupeKey: `case:${k.id}:${dedupe}`,
        });
      }
      await emitWebhook(ctx, trx, {
        type: 'case.sla_warning',
        at: now,
        summary: `${k.title} — ${what} due ${formatDue(due)} UTC`,
        data: caseWebhookData(ctx, k, { clock: s.clock }),
        dedupeKey: `case:${k.id}:${dedupe}`,
      });
      continue;
    }
    const team = k.team_id ? roster.teams.get(k.team_id) : undefined;
    const managerId = team?.managerId ?? null;
    await recordCaseEvent(trx, {
      ...base,
      kind: 'escalated',
      details: {
        clock: s.clock,
        to: managerId,
        toName: managerId ? roster.staff.get(managerId)?.name : null,
        reason: `${what} SLA breached`,
      },
      dedupeKey: `${dedupe}:escalated`,
    });
    for (const recipient of new Set([managerId, k.assignee_id].filter((x): x is string => !!x))) {
      await notifyStaff(ctx, trx, {
        recipientId: recipient,
        customerId: k.customer_id,
        caseId: k.id,
        kind: recipient === managerId ? 'escalated' : 'sla-breach',
        title: `${recipient === managerId ? 'Escalated to you' : 'SLA breached'}: ${k.title}`,
        body: (when) => `The ${what} deadline (${when(due)}) of this P${k.priority} case has passed.`,
        channels: ['in-app', 'email'],
        dedupeKey: `case:${k.id}:${dedupe}:${recipient}`,
      });
    }
    await emitWebhook(ctx, trx, {
      type: 'case.sla_breached',
      at: now,
      summary: `${k.title} — ${what} SLA breached, escalated to ${managerId ? (roster.staff.get(managerId)?.name ?? 'the manager') : 'nobody (no manager set)'}`,
      data: caseWebhookData(ctx, k, { clock: s.clock, escalatedTo: managerId }),
      dedupeKey: `case:${k.id}:${dedupe}`,
    });
  }
  if (state !== k.sla_state) {
    const escalated = fired > 0 && state & 10 && !k.escalated_at ? { escalated_at: now } : {};
    await trx
      .updateTable('loop_case')
      .set({ sla_state: state, ...escalated, updated_at: now })
      .where('customer_id', '=', k.customer_id)
      .where('id', '=', k.id)
      .execute();
  }
  return fired;
}
