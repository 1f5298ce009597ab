import { v7 as uuidv7 } from 'uuid';
import { DAY_MS } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { deliverSendJob } from './deliver-send.ts';
import { loadSurveyVersion } from './load-survey-version.ts';
import type { SendChannel } from './tables.ts';

export type SendPlan = {
  surveyId: string;
  customerIds: string[];
  channel: SendChannel;
  /** Idempotency per customer: a trigger uses `trigger:<id>:<interaction>`, the API its request key. */
  dedupeKey: string;
  triggerId?: string | null;
  caseId?: string | null;
  /** Enqueue a delivery job per new send (default). A trigger job delivers inline instead. */
  enqueue?: boolean;
  /** Widget sends are shown, not mailed: they start as sent. */
  status?: 'pending' | 'sent';
};

export type SendRef = { customerId: string; sendId: string };

/**
 * Creates one personal send per customer, pinned to the survey's current version, and enqueues
 * its delivery in the same transaction. A customer who already has a send with this dedupe key
 * is reported as existing, never sent twice.
 */
export async function createSends(
  ctx: Ctx,
  plan: SendPlan,
): Promise<{ created: SendRef[]; existing: SendRef[] }> {
  const { survey, version } = await loadSurveyVersion(ctx, plan.surveyId);
  if (survey.status !== 'live')
    throw new AppError('conflict', 'This survey is archived; nothing can be sent');
  const customerIds = [...new Set(plan.customerIds)];
  if (customerIds.length === 0) return { created: [], existing: [] };
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + survey.link_valid_days * DAY_MS);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('survey_send')
        .values(
          customerIds.map((customerId) => ({
            customer_id: customerId,
            id: uuidv7(),
            survey_id: plan.surveyId,
            survey_version: version,
            channel: plan.channel,
            dedupe_key: plan.dedupeKey,
            trigger_id: plan.triggerId ?? null,
            case_id: plan.caseId ?? null,
            status: plan.status ?? 'pending',
            sent_at: plan.status === 'sent' ? now : null,
            created_at: now,
            expires_at: expiresAt,
          })),
        )
        .onConflict((oc) => oc.columns(['customer_id', 'dedupe_key']).doNothing())
        .returning(['customer_id', 'id'])
        .execute();
      const created = inserted.map((r) => ({ customerId: r.customer_id, sendId: r.id }));
      if (plan.enqueue !== false && plan.status !== 'sent') {
        for (const c of created) await ctx.queue.send(deliverSendJob, c, { trx });
      }
      const fresh = new Set(created.map((c) => c.customerId));
      const others = customerIds.filter((id) => !fresh.has(id));
      const existing = others.length
        ? (
            await trx
              .selectFrom('survey_send')
              .select(['customer_id', 'id'])
              .where('customer_id', 'in', others)
              .where('dedupe_key', '=', plan.dedupeKey)
              .execute()
          ).map((r) => ({ customerId: r.customer_id, sendId: r.id }))
        : [];
      return { created, existing };
    });
  } catch (err) {
    const e = err as { code?: string; detail?: string };
    if (e.code === '23503') {
      const id = e.detail?.match(/\(customer_id\)=\(([^)]+)\)/)?.[1];
      throw new AppError('validation_failed', `Customer ${id ?? ''} does not exist`.replace('  ', ' '));
    }
    throw err;
  }
}
