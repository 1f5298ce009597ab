import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import type { RecordedInteraction } from '../customers/index.ts';
import { CONTACT_KINDS } from './event-item.ts';
import { recordCaseEvent } from './record-case-event.ts';

// A follow-up answer counts for a case resolved at most this long before it.
const FOLLOW_UP_WINDOW_DAYS = 60;
const CONTACT_TASKS = ['call', 'email', 'check-in'];

/** "Did we fix it?": a promoter or passive NPS, or a CSAT of 4–5, says yes. */
function fixedBy(type: unknown, score: unknown): boolean | null {
  if (typeof score !== 'number') return null;
  if (type === 'nps') return score >= 7;
  if (type === 'csat') return score >= 4;
  if (type === 'ces') return score <= 3;
  return null;
}

/**
 * Of these customers, those with a case a touchpoint may still move along (open, or resolved
 * recently enough for a follow-up answer): one statement for a whole batch of touchpoints.
 */
export async function customersWithCases(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  customerIds: string[],
): Promise<Set<string>> {
  if (customerIds.length === 0) return new Set();
  const since = new Date(ctx.clock.now().getTime() - FOLLOW_UP_WINDOW_DAYS * 86_400_000);
  const rows = await ctx.db
    .selectFrom('loop_case')
    .select('customer_id')
    .distinct()
    .where(sql<boolean>`customer_id = any(${customerIds}::uuid[])`)
    .where((eb) => eb.or([eb('status', '<>', 'resolved'), eb('resolved_at', '>=', since)]))
    .execute();
  return new Set(rows.map((r) => r.customer_id));
}

/**
 * What a touchpoint means for the customer's cases: a logged task (its `loopTaskId`) completes the
 * task; an outbound conversation is the first contact of an open case; the answer to a survey
 * sent for a case (it carries `caseId`) is that case's follow-up result. Each update only moves forward, so reruns do nothing.
 */
export async function applyContact(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  e: RecordedInteraction,
  opts: { probed?: boolean } = {},
): Promise<void> {
  const taskId = typeof e.properties.loopTaskId === 'string' ? e.properties.loopTaskId : undefined;
  const outboundContact = e.direction === 'outbound' && CONTACT_KINDS.includes(e.kind);
  const survey = e.kind === 'survey-response';
  if (!taskId && !outboundContact && !survey) return;
  const now = ctx.clock.now();
  // Most touchpoints (every survey answer) come from customers without a case: one cheap probe
  // instead of a transaction (a batch asks `customersWithCases` once for all and says `probed`).
  if (!taskId && !opts.probed) {
    const since = new Date(now.getTime() - FOLLOW_UP_WINDOW_DAYS * 86_400_000);
    const any = await ctx.db
      .selectFrom('loop_case')
      .select('id')
      .where('customer_id', '=', e.customerId)
      .where((eb) => eb.or([eb('status', '<>', 'resolved'), eb('resolved_at', '>=', since)]))
      .limit(1)
      .executeTakeFirst();
    if (!any) return;
  }
  const ref = `${e.source}:${e.sourceId}`;
  await ctx.db.transaction().execute(async (trx) => {
    let contactTask = false;
    if (taskId && /^[0-9a-f-]{36}$/i.test(taskId)) {
      const staffId = typeof e.properties.staffId === 'string' ? e.properties.staffId : null;
      const done = await trx
        .updateTable('task')
        .set({
          status: 'done',
          completed_at: e.occurredAt,
          interaction_source_id: ref,
          completed_by: staffId,
        })
        .where('customer_id', '=', e.customerId)
        .where('id', '=', taskId)
        .where('status', '=', 'open')
        .returning(['case_id', 'type', 'title'])
        .executeTakeFirst();
      if (done) {
        contactTask = CONTACT_TASKS.includes(done.type);
      }
      // A promise made outside a case has no case history to write to.
      if (done?.case_id) {
        await recordCaseEvent(trx, {
          customerId: e.customerId,
          caseId: done.case_id,
          at: now,
          kind: 'task-completed',
          actorId: staffId,
          details: {
            taskId,
            type: done.type,
            title: done.title,
            interaction: ref,
            channel: e.channel,
            note: e.properties.note ?? null,
          },
        });
      }
    }
    if (outboundContact || contactTask) {
      const first = await trx
        .updateTable('loop_case')
        .set({ first_contact_at: e.occurredAt, updated_at: now })
        .where('customer_id', '=', e.customerId)
        .where('status', '<>', 'resolved')
        .where('first_contact_at', 'is', null)
        .returning(['id', 'first_contact_due_at'])
        .executeTakeFirst();
      if (first) {
        await recordCaseEvent(trx, {
          customerId: e.customerId,
          caseId: first.id,
          at: now,
          kind: 'first-contact',
          details: {
            at: e.occurredAt,
            channel: e.channel,
            kind: e.kind,
            interaction: ref,
            withinSla: !first.first_contact_due_at || e.occurredAt <= first.first_contact_due_at,
          },
        });
      }
    }
    if (survey) {
      const p = e.properties;
      const since = new Date(now.getTime() - FOLLOW_UP_WINDOW_DAYS * 86_400_000);
      // Only the answer to the follow-up survey itself says whether we fixed it: one given through
      // a send (or a staff entry) made for this case carries its id. Any other answer — a second
      // detractor score seconds later, the quarterly NPS — is just another answer.
      const forCase = typeof p.caseId === 'string' && /^[0-9a-f-]{36}$/i.test(p.caseId) ? p.caseId : null;
      // The case it answers: opened before the answer, open or recently resolved, not yet linked.
      const kase = !forCase
        ? undefined
        : await trx
            .selectFrom('loop_case')
            .select(['id'])
            .where('customer_id', '=', e.customerId)
            .where('id', '=', forCase)
            .where('opened_at', '<', e.occurredAt)
            .where('follow_up', 'is', null)
            .where((eb) => eb.or([eb('status', '<>', 'resolved'), eb('resolved_at', '>=', since)]))
            .where(sql<boolean>`exists (select 1 from task t where t.customer_id = loop_case.customer_id
          and t.case_id = loop_case.id and t.type = 'survey')`)
            .forUpdate()
            .executeTakeFirst();
      if (kase) {
        const followUp = {
          surveyId: typeof p.surveyId === 'string' ? p.surveyId : null,
          responseId: typeof p.responseId === 'string' ? p.responseId : null,
          type: typeof p.type === 'string' ? p.type : null,
          score: typeof p.score === 'number' ? p.score : null,
          at: e.occurredAt.toISOString(),
        };
        await trx
          .updateTable('loop_case')
          .set({ follow_up: JSON.stringify(followUp), updated_at: now })
          .where('customer_id', '=', e.customerId)
          .where('id', '=', kase.id)
          .execute();
        await trx
          .updateTable('task')
          .set({ status: 'done', completed_at: e.occurredAt, interaction_source_id: ref })
          .where('customer_id', '=', e.customerId)
          .where('case_id', '=', kase.id)
          .where('type', '=', 'survey')
          .where('status', '=', 'open')
          .execute();
        await recordCaseEvent(trx, {
          customerId: e.customerId,
          caseId: kase.id,
          at: now,
          kind: 'follow-up-linked',
          details: { ...followUp, interaction: ref, fixed: fixedBy(followUp.type, followUp.score) },
          dedupeKey: `follow-up:${ref}`,
        });
      }
    }
  });
}
