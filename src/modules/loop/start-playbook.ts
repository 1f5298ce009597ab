import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../kernel/db/database.ts';
import { type Arm, assignArm } from '../outreach/index.ts';
import { contactChannels } from './choose-contact-channel.ts';
import type { CaseEventInput } from './record-case-event.ts';
import type { PlaybookStep, StepType } from './tables.ts';

const HOUR_MS = 3_600_000;
const preferredChannel: Partial<Record<StepType, 'phone' | 'email'>> = {
  call: 'phone',
  'check-in': 'phone',
  email: 'email',
  survey: 'email',
};

// Steps that make the first contact are due by the first-contact deadline; the rest of the work on
// the problem by the resolution deadline. A follow-up survey and a later check-in come after the
// case is meant to be resolved, so they keep their own distance from the start.
const DUE_BY: Partial<Record<StepType, 'firstContact' | 'resolution'>> = {
  call: 'firstContact',
  email: 'firstContact',
  gesture: 'resolution',
  task: 'resolution',
};

/** A task's due time held to the case's SLA deadline for its kind of step. */
export function capDueAt(
  type: string,
  due: Date,
  sla: { firstContactDueAt: Date | null; resolutionDueAt: Date | null },
): Date {
  const by = DUE_BY[type as StepType];
  const cap =
    by === 'firstContact' ? (sla.firstContactDueAt ?? sla.resolutionDueAt) : by ? sla.resolutionDueAt : null;
  return cap && cap < due ? cap : due;
}

// Steps that reach out to the customer. A held-out case gets none of them; internal work
// (`task` steps) still happens, and the customer is served whenever they get in touch.
const PROACTIVE: ReadonlySet<StepType> = new Set(['call', 'email', 'check-in', 'survey', 'gesture']);

/**
 * Turns a playbook's steps into the case's tasks, each due `dueAfterHours` after `start` but no
 * later than the case's SLA deadline for that kind of step (capDueAt). Contact
 * steps get a channel the customer accepts: a call step for someone who does not take calls
 * becomes an email (or text) task and says so. Idempotent: one task per step of a case.
 *
 * First the customer's arm of the playbook's holdout is drawn (outreach's assignArm, in this
 * transaction, persistent per customer × playbook): a `held-out` or `global-control` customer's
 * case gets no proactive steps, and the case history says which were withheld and why.
 */
export async function startPlaybook(
  trx: Transaction<Database>,
  input: {
    caseId: string;
    customer: { id: string; emails: string[]; phones: string[] };
    assigneeId: string | null;
    playbook: { id: string; key: string; name: string; steps: PlaybookStep[] };
    start: Date;
    sla: { firstContactDueAt: Date | null; resolutionDueAt: Date | null };
    /** Already drawn by the caller (a new case is inserted with its arm). */
    arm?: Arm;
  },
): Promise<{ created: number; arm: Arm; history: CaseEventInput[] }> {
  const arm =
    input.arm ??
    (await assignArm(
      { db: trx },
      {
        programKind: 'playbook',
        programId: input.playbook.id,
        customerId: input.customer.id,
        at: input.start,
        register: { key: input.playbook.key, name: input.playbook.name },
      },
    ));
  const channels = contactChannels(trx, input.customer, input.start);
  const rows = [];
  const withheld: { type: StepType; title: string }[] = [];
  for (const [index, step] of input.playbook.steps.entries()) {
    if (arm !== 'treated' && PROACTIVE.has(step.type)) {
      withheld.push({ type: step.type, title: step.title });
      continue;
    }
    const preferred = preferredChannel[step.type];
    const choice = preferred
      ? await channels.choose(preferred, `case:${input.caseId}:step:${index}`)
      : { channel: null, note: null };
    rows.push({
      customer_id: input.customer.id,
      id: uuidv7(),
      case_id: input.caseId,
      step_index: index,
      type: step.type,
      title:
        choice.note && step.type === 'call'
          ? `${step.title} (by ${choice.channel ?? 'no channel'})`
          : step.title,
      channel: choice.channel,
      note: choice.note,
      template: step.template ?? null,
      due_at: capDueAt(step.type, new Date(input.start.getTime() + step.dueAfterHours * HOUR_MS), input.sla),
      assignee_id: input.assigneeId,
    });
  }
  await channels.save();
  // The history entries are the caller's to record, with its own, in one statement.
  const history: CaseEventInput[] = [];
  if (arm !== 'treated') {
    history.push({
      customerId: input.customer.id,
      caseId: input.caseId,
      at: input.start,
      kind: 'playbook-held-out',
      details: {
        playbook: { id: input.playbook.id, key: input.playbook.key, name: input.playbook.name },
        arm,
        reason:
          arm === 'global-control'
            ? 'the customer is in the global control group: no proactive outreach'
            : 'the customer is in this playbook’s holdout: its proactive steps are measured by leaving them out',
        withheld,
      },
      dedupeKey: `playbook-held-out:${input.playbook.id}`,
    });
  }
  if (rows.length === 0) return { created: 0, arm, history };
  const created = await trx
    .insertInto('task')
    .values(rows)
    .onConflict((oc) => oc.columns(['customer_id', 'case_id', 'step_index']).doNothing())
    .returning('id')
    .execute();
  history.push({
    customerId: input.customer.id,
    caseId: input.caseId,
    at: input.start,
    kind: 'playbook-started',
    details: {
      playbook: { id: input.playbook.id, key: input.playbook.key, name: input.playbook.name },
      tasks: rows.map((r) => ({
        type: r.type,
        title: r.title,
        channel: r.channel,
        dueAt: r.due_at,
        note: r.note,
      })),
    },
    dedupeKey: `playbook:${input.playbook.id}`,
  });
  return { created: created.length, arm, history };
}
