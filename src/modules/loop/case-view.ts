import type { Selectable, Transaction } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import type { CaseView, SlaState, TaskView } from './schemas.ts';
import type { LoopTables } from './tables.ts';

export type CaseRow = Selectable<LoopTables['loop_case']>;

export const isOverdue = (r: CaseRow, now: Date) =>
  r.status !== 'resolved' &&
  ((!r.first_contact_at && !!r.first_contact_due_at && r.first_contact_due_at < now) ||
    (!!r.resolution_due_at && r.resolution_due_at < now));

/** Where a case stands against its SLA clocks (the clock still running decides). */
export function slaStateOf(r: CaseRow, now: Date): SlaState | null {
  if (r.status === 'resolved') return null;
  if (isOverdue(r, now)) return 'breached';
  const warned = (at: Date | null) => !!at && at <= now;
  if ((!r.first_contact_at && warned(r.first_contact_warn_at)) || warned(r.resolution_warn_at))
    return 'warning';
  return 'on-track';
}

export const toCaseView = (r: CaseRow, now: Date): CaseView => ({
  id: r.id,
  customerId: r.customer_id,
  status: r.status,
  severity: r.severity,
  priority: r.priority,
  title: r.title,
  teamId: r.team_id,
  assigneeId: r.assignee_id,
  assignedAt: r.assigned_at,
  queuedUntil: r.queued_until,
  openedAt: r.opened_at,
  firstContactAt: r.first_contact_at,
  firstContactDueAt: r.first_contact_due_at,
  resolutionDueAt: r.resolution_due_at,
  overdue: isOverdue(r, now),
  slaState: slaStateOf(r, now),
  escalatedAt: r.escalated_at,
  snoozedUntil: r.snoozed_until,
  resolvedAt: r.resolved_at,
  outcome: r.outcome,
  rootCauses: r.root_causes,
  resolutionNote: r.resolution_note,
  playbookId: r.playbook_id,
  playbookApplied: r.playbook_applied,
  playbookArm: r.playbook_arm,
  customerValue: { minor: r.customer_value_minor, currency: r.value_currency },
  cycle: r.cycle,
  followUp: r.follow_up,
});

export const toTaskView = (t: Selectable<LoopTables['task']>): TaskView => ({
  id: t.id,
  caseId: t.case_id,
  customerId: t.customer_id,
  stepIndex: t.step_index,
  type: t.type,
  title: t.title,
  channel: t.channel,
  note: t.note,
  template: t.template,
  dueAt: t.due_at,
  assigneeId: t.assignee_id,
  status: t.status,
  completedAt: t.completed_at,
  completedBy: t.completed_by,
  interaction: t.interaction_source_id,
});

/** Locks a case for a change (cases are addressed by id alone in the API). */
export async function lockCase(
  trx: Transaction<Database>,
  id: string,
  opts: { open?: boolean } = {},
): Promise<CaseRow> {
  const row = await trx
    .selectFrom('loop_case')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('Case', id);
  if (opts.open && row.status === 'resolved')
    throw new AppError('conflict', `Case ${id} is resolved; reopen it first`);
  return row;
}
