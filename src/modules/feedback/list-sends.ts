import type { Ctx } from '../../kernel/context.ts';
import type { SendView } from './schemas.ts';
import type { SendStatus } from './tables.ts';

/** A survey's sends, newest first, with why any was skipped ("surveyed 12 days ago"). */
export async function listSends(
  ctx: Pick<Ctx, 'db'>,
  surveyId: string,
  q: { status?: SendStatus; customerId?: string; limit: number },
): Promise<SendView[]> {
  let query = ctx.db.selectFrom('survey_send').selectAll().where('survey_id', '=', surveyId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.customerId) query = query.where('customer_id', '=', q.customerId);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    surveyId: r.survey_id,
    surveyVersion: r.survey_version,
    channel: r.channel,
    triggerId: r.trigger_id,
    caseId: r.case_id,
    status: r.status,
    reason: r.status_reason,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    expiresAt: r.expires_at,
    remindersSent: r.reminders_sent,
    reminderNote: r.reminder_note,
    answeredAt: r.answered_at,
  }));
}
