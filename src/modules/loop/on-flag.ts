import type { Selectable, Transaction, Updateable } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import type { Database } from '../../kernel/db/database.ts';
import type { Arm } from '../outreach/index.ts';
import type { Roster } from '../staff/index.ts';
import { HIGH_VALUE_MINOR } from './build-rule-facts.ts';
import { type DueFormatter, priorityOf, severityRank } from './case-text.ts';
import { computeSla, type SlaDeadlines } from './compute-sla.ts';
import { emitWebhook } from './emit-webhook.ts';
import { notifyStaff } from './notify-staff.ts';
import type { FlagInput } from './raise-flag.ts';
import { type CaseEventInput, recordCaseEvent, recordCaseEvents } from './record-case-event.ts';
import type { Routing } from './route-case.ts';
import { capDueAt, startPlaybook } from './start-playbook.ts';
import type { LoopTables, PlaybookStep } from './tables.ts';

type CaseRow = Selectable<LoopTables['loop_case']>;
type PlaybookRow = Selectable<LoopTables['playbook']>;
export type Opening = {
  routing: Routing;
  sla: SlaDeadlines;
  playbook: Pick<PlaybookRow, 'id' | 'key' | 'name' | 'steps'> | undefined;
  /** The playbook's holdout arm, drawn before the case was inserted with it. */
  arm: Arm | undefined;
  roster: Roster;
};

const staffChannels = (input: FlagInput) =>
  input.rule.notify.filter((c): c is 'in-app' | 'email' => c !== 'webhook');

/** What webhooks say about a case: enough to act on without calling back. */
export function caseWebhookData(ctx: Pick<Ctx, 'config'>, k: CaseRow, extra: Record<string, unknown> = {}) {
  return {
    caseId: k.id,
    customerId: k.customer_id,
    title: k.title,
    status: k.status,
    severity: k.severity,
    priority: k.priority,
    teamId: k.team_id,
    assigneeId: k.assignee_id,
    firstContactDueAt: k.first_contact_due_at?.toISOString() ?? null,
    resolutionDueAt: k.resolution_due_at?.toISOString() ?? null,
    url: `${ctx.config.publicUrl}/api/v1/cases/${k.id}`,
    ...extra,
  };
}

/** Everything that follows the opening of a case, inside its transaction. */
export async function onCaseOpened(
  ctx: Ctx,
  trx: Transaction<Database>,
  o: Opening,
  k: CaseRow,
  input: FlagInput,
  alertId: number,
): Promise<void> {
  const base = { customerId: k.customer_id, caseId: k.id, at: k.opened_at };
  const rule = { id: input.rule.id, key: input.rule.key, name: input.rule.name };
  const { routing } = o;
  const assignee = routing.assigneeId ? o.roster.staff.get(routing.assigneeId) : undefined;
  const team = routing.teamId ? o.roster.teams.get(routing.teamId) : undefined;
  // The opening's history (opened, routed, SLA set, the playbook's start) is recorded in one
  // statement after the playbook's tasks: this runs for every new case.
  const history: CaseEventInput[] = [
    {
      ...base,
      kind: 'opened',
      details: { rule, summary: input.summary, severity: k.severity, priority: k.priority, alertId },
    },
    routing.assigneeId
      ? {
          ...base,
          kind: 'assigned',
          details: {
            assigneeId: routing.assigneeId,
            assigneeName: assignee?.name,
            teamId: routing.teamId,
            reason: routing.reason,
          },
        }
      : {
          ...base,
          kind: routing.queuedUntil ? 'queued' : 'unassigned',
          details: {
            teamId: routing.teamId,
            teamName: team?.name,
            until: routing.queuedUntil,
            reason: routing.reason,
          },
        },
    {
      ...base,
      kind: 'sla-set',
      details: {
        firstContactDueAt: o.sla.firstContactDueAt,
        firstContactWarnAt: o.sla.firstContactWarnAt,
        resolutionDueAt: o.sla.resolutionDueAt,
        resolutionWarnAt: o.sla.resolutionWarnAt,
        businessHoursOf: team?.name ?? 'around the clock',
        ...o.sla.policy,
      },
    },
  ];
  if (o.playbook) {
    const { history: started } = await startPlaybook(trx, {
      caseId: k.id,
      customer: { id: k.customer_id, emails: input.customer.emails, phones: input.customer.phones },
      assigneeId: routing.assigneeId,
      playbook: { ...o.playbook, steps: o.playbook.steps as PlaybookStep[] },
      start: k.opened_at,
      sla: { firstContactDueAt: k.first_contact_due_at, resolutionDueAt: k.resolution_due_at },
      arm: o.arm,
    });
    history.push(...started);
  }
  await recordCaseEvents(trx, history);
  const body = (when: DueFormatter) =>
    `${input.summary}\nPriority P${k.priority} (${k.severity}). First contact due ${when(k.first_contact_due_at)}.${o.playbook ? ` Playbook: ${o.playbook.name}.` : ''}`;
  if (routing.assigneeId) {
    await notifyStaff(ctx, trx, {
      recipientId: routing.assigneeId,
      customerId: k.customer_id,
      caseId: k.id,
      kind: 'case-assigned',
      title: `New case for you: ${k.title}`,
      body,
      channels: staffChannels(input),
      dedupeKey: `case:${k.id}:${k.cycle}:assigned:${routing.assigneeId}`,
    });
  } else if (team?.managerId) {
    await notifyStaff(ctx, trx, {
      recipientId: team.managerId,
      customerId: k.customer_id,
      caseId: k.id,
      kind: 'case-queued',
      title: `Case waiting for ${team.name}: ${k.title}`,
      body: (when) =>
        `${body(when)}\nNobody is on shift; it will be assigned at ${when(routing.queuedUntil)}.`,
      channels: ['in-app'],
      dedupeKey: `case:${k.id}:${k.cycle}:queued`,
    });
  }
  if (input.rule.notify.includes('webhook')) {
    await emitWebhook(ctx, trx, {
      type: 'case.opened',
      at: k.opened_at,
      summary: `${k.title} — P${k.priority}, ${assignee ? `assigned to ${assignee.name}` : `queued for ${team?.name ?? 'nobody'}`}`,
      data: caseWebhookData(ctx, k, {
        rule,
        alert: { id: alertId, summary: input.summary, trigger: input.triggerKey },
        assigneeName: assignee?.name ?? null,
        routing: routing.reason,
      }),
      dedupeKey: `case:${k.id}:opened`,
    });
  }
}

/** A further red flag for a customer whose case is open: it joins the case and may raise it. */
export async function onFlagAdded(
  ctx: Ctx,
  trx: Transaction<Database>,
  k: CaseRow,
  input: FlagInput,
  alertId: number,
  roster: Roster,
): Promise<void> {
  const now = ctx.clock.now();
  const base = { customerId: k.customer_id, caseId: k.id, at: now };
  await recordCaseEvent(trx, {
    ...base,
    kind: 'flag-added',
    details: {
      rule: { id: input.rule.id, key: input.rule.key, name: input.rule.name },
      summary: input.summary,
      severity: input.rule.severity,
      alertId,
    },
  });
  const changes: Updateable<LoopTables['loop_case']> = {};
  if (severityRank(input.rule.severity) < severityRank(k.severity)) {
    const sla = await computeSla(trx, roster, {
      severity: input.rule.severity,
      teamId: k.team_id,
      start: k.opened_at,
    });
    const earlier = (a: Date | null, b: Date) => (a && a < b ? a : b);
    // A case held out of its playbook's contact steps keeps having no first-contact deadline.
    const heldOut = k.playbook_arm === 'held-out' || k.playbook_arm === 'global-control';
    Object.assign(changes, {
      severity: input.rule.severity,
      priority: priorityOf(input.rule.severity, k.customer_value_minor >= HIGH_VALUE_MINOR),
      first_contact_warn_at: heldOut ? null : earlier(k.first_contact_warn_at, sla.firstContactWarnAt),
      first_contact_due_at: heldOut ? null : earlier(k.first_contact_due_at, sla.firstContactDueAt),
      resolution_warn_at: earlier(k.resolution_warn_at, sla.resolutionWarnAt),
      resolution_due_at: earlier(k.resolution_due_at, sla.resolutionDueAt),
    });
    await recordCaseEvent(trx, {
      ...base,
      kind: 'severity-raised',
      details: {
        from: k.severity,
        to: input.rule.severity,
        firstContactDueAt: changes.first_contact_due_at,
        resolutionDueAt: changes.resolution_due_at,
      },
    });
    // The open playbook tasks move up with the deadlines, as if the case had opened this urgent.
    const open = await trx
      .selectFrom('task')
      .select(['id', 'type', 'due_at'])
      .where('customer_id', '=', k.customer_id)
      .where('case_id', '=', k.id)
      .where('status', '=', 'open')
      .where('step_index', 'is not', null)
      .execute();
    const deadlines = {
      firstContactDueAt: k.first_contact_at ? null : (changes.first_contact_due_at as Date),
      resolutionDueAt: changes.resolution_due_at as Date,
    };
    for (const task of open) {
      const due = capDueAt(task.type, task.due_at, deadlines);
      if (due < task.due_at)
        await trx
          .updateTable('task')
          .set({ due_at: due })
          .where('customer_id', '=', k.customer_id)
          .where('id', '=', task.id)
          .execute();
    }
  }
  if (k.status === 'snoozed') {
    Object.assign(changes, { status: 'open', snoozed_until: null });
    await recordCaseEvent(trx, { ...base, kind: 'woken', details: { reason: 'a new red flag arrived' } });
  }
  if (!k.playbook_id && input.rule.playbookId) {
    const playbook = await trx
      .selectFrom('playbook')
      .selectAll()
      .where('id', '=', input.rule.playbookId)
      .where('enabled', '=', true)
      .executeTakeFirst();
    if (playbook) {
      const { arm, history } = await startPlaybook(trx, {
        caseId: k.id,
        customer: { id: k.customer_id, emails: input.customer.emails, phones: input.customer.phones },
        assigneeId: k.assignee_id,
        playbook: { ...playbook, steps: playbook.steps as PlaybookStep[] },
        start: now,
        sla: {
          firstContactDueAt: k.first_contact_at
            ? null
            : ((changes.first_contact_due_at as Date | undefined) ?? k.first_contact_due_at),
          resolutionDueAt: (changes.resolution_due_at as Date | undefined) ?? k.resolution_due_at,
        },
      });
      await recordCaseEvents(trx, history);
      Object.assign(changes, {
        playbook_id: playbook.id,
        playbook_applied: arm === 'treated',
        playbook_arm: arm,
        ...(arm === 'treated' ? {} : { first_contact_due_at: null, first_contact_warn_at: null }),
      });
    }
  }
  if (Object.keys(changes).length) {
    await trx
      .updateTable('loop_case')
      .set({ ...changes, updated_at: now })
      .where('customer_id', '=', k.customer_id)
      .where('id', '=', k.id)
      .execute();
  }
  if (k.assignee_id) {
    await notifyStaff(ctx, trx, {
      recipientId: k.assignee_id,
      customerId: k.customer_id,
      caseId: k.id,
      kind: 'flag-added',
      title: `Another red flag on your case: ${k.title}`,
      body: input.summary,
      channels: staffChannels(input),
      dedupeKey: `alert:${alertId}`,
    });
  }
  if (input.rule.notify.includes('webhook')) {
    await emitWebhook(ctx, trx, {
      type: 'case.flag_added',
      at: now,
      summary: `${k.title} — another red flag: ${input.summary}`,
      data: caseWebhookData(
        ctx,
        { ...k, ...(changes as Partial<CaseRow>) },
        { alert: { id: alertId, summary: input.summary, trigger: input.triggerKey } },
      ),
      dedupeKey: `alert:${alertId}`,
    });
  }
}
