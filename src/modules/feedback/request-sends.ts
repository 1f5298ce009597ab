import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../kernel/context.ts';
import { defineJob } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { searchCustomers } from '../customers/index.ts';
import type { CustomerStatus } from '../customers/tables.ts';
import { createSends } from './create-sends.ts';
import { loadSurveyVersion } from './load-survey-version.ts';

export type SendFilter = { status?: CustomerStatus; ownerId?: string };
export type SendRequest = {
  customerIds?: string[];
  filter?: SendFilter;
  /** Retrying the same request with the same key creates nothing new. */
  idempotencyKey?: string;
  caseId?: string;
};

const PAGE = 200;

/**
 * Sends a survey by email to listed customers (at once, up to 1,000) or to everyone matching a
 * filter (in a background job that pages through the customers). Each customer gets at most one
 * send per request key; the contact budget decides at delivery whether it goes out.
 */
export async function requestSends(
  ctx: Ctx,
  surveyId: string,
  r: SendRequest,
): Promise<{ created: number; existing: number; queued: boolean }> {
  if (!!r.customerIds === !!r.filter)
    throw new AppError('validation_failed', 'Give either customerIds or a filter');
  const { survey } = await loadSurveyVersion(ctx, surveyId);
  if (survey.status !== 'live')
    throw new AppError('conflict', 'This survey is archived; nothing can be sent');
  const dedupeKey = `api:${r.idempotencyKey ?? uuidv7()}`;
  if (r.customerIds) {
    const res = await createSends(ctx, {
      surveyId,
      customerIds: r.customerIds,
      channel: 'email',
      dedupeKey,
      caseId: r.caseId,
    });
    return { created: res.created.length, existing: res.existing.length, queued: false };
  }
  await ctx.queue.send(planSendsJob, { surveyId, filter: r.filter ?? {}, dedupeKey, caseId: r.caseId });
  return { created: 0, existing: 0, queued: true };
}

type PlanData = { surveyId: string; filter: SendFilter; dedupeKey: string; caseId?: string };

/** Pages through the matching customers; a rerun after a crash re-creates nothing (dedupe key). */
async function planSends(ctx: Ctx, d: PlanData): Promise<{ created: number }> {
  let after: string | undefined;
  let created = 0;
  for (;;) {
    const page = await searchCustomers(ctx, { ...d.filter, after, limit: PAGE });
    if (page.data.length === 0) break;
    const res = await createSends(ctx, {
      surveyId: d.surveyId,
      customerIds: page.data.map((c) => c.id),
      channel: 'email',
      dedupeKey: d.dedupeKey,
      caseId: d.caseId,
    });
    created += res.created.length;
    if (!page.nextCursor) break;
    after = page.nextCursor;
  }
  return { created };
}

export const planSendsJob = defineJob<PlanData>({
  name: 'feedback.plan-sends',
  handle: (ctx, data) => planSends(ctx, data),
});
