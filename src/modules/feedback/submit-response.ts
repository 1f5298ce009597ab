import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../kernel/context.ts';
import { AppError } from '../../kernel/errors.ts';
import { getCustomer } from '../customers/index.ts';
import type { Channel } from '../customers/tables.ts';
import { analyzeComment } from './analyze-comment.ts';
import { loadSurveyVersion } from './load-survey-version.ts';
import { loadThemeLexicon } from './load-theme-lexicon.ts';
import type { AnswerInput } from './schemas.ts';
import { settleResponse, settleResponseJob } from './settle-response.ts';
import type { Incentive, ResponseVia } from './tables.ts';
import { headlineOf, validateAnswers } from './validate-answers.ts';

export type ResponseSubmission = {
  surveyId: string;
  /** The version answered; a personal link pins the one it was sent with. Default: current. */
  version?: number;
  customerId: string | null;
  sendId?: string;
  channel: Channel;
  via: ResponseVia;
  answers: AnswerInput[];
  staffId?: string | null;
  respondedAt?: Date;
  /** Names the answer for idempotent staff entry and import (card number, row hash). */
  sourceKey?: string;
  respondent?: Record<string, string>;
  /** Keyed hash of the sender's address, for the anonymous form's limits. */
  addressHash?: string;
  caseId?: string | null;
  /** Imports of old cards may target an archived survey; live channels may not. */
  allowArchived?: boolean;
};

export type SubmitResult = { responseId: string; duplicate: boolean; incentive: Incentive | null };

// The safety-net settle job runs this long after the answer, by when the inline settle is done.
const SETTLE_SAFETY_NET_S = 60;

/**
 * Stores one answer from any channel. Validation, sentiment and themes happen before the
 * transaction; the insert is idempotent (one answer per personal link, one per source key) and
 * enqueues the settle job in the same transaction. The caller gets its answer after the commit
 * and after the timeline entry and incentive are written.
 */
export async function submitResponse(ctx: Ctx, s: ResponseSubmission): Promise<SubmitResult> {
  const { survey, version, content } = await loadSurveyVersion(ctx, s.surveyId, s.version);
  if (survey.status === 'archived' && !s.allowArchived)
    throw new AppError('conflict', 'This survey is closed');
  const check = validateAnswers(content.questions, s.answers);
  if (!check.ok)
    throw new AppError('validation_failed', 'Some answers need attention', { fields: check.errors });
  const head = headlineOf(content.questions, check.answers);
  const { sentiment, themes } = analyzeComment(head.allText, await loadThemeLexicon(ctx));
  const customer = s.customerId ? await getCustomer(ctx, s.customerId) : null;
  const incentive = customer ? (survey.incentive ?? null) : null;

  const id = uuidv7();
  const stored = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('survey_response')
      .values({
        id,
        customer_id: s.customerId,
        survey_id: s.surveyId,
        survey_version: version,
        send_id: s.sendId ?? null,
        channel: s.channel,
        via: s.via,
        staff_id: s.staffId ?? null,
        type: head.type,
        score: head.score,
        comment: head.comment,
        answers: JSON.stringify(check.answers),
        sentiment,
        auto_themes: themes,
        themes,
        customer_status: customer?.status ?? null,
        lifecycle_stage: customer?.lifecycleStage ?? null,
        incentive: incentive ? JSON.stringify(incentive) : null,
        case_id: s.caseId ?? null,
        source_key: s.sourceKey ?? null,
        respondent: s.respondent ? JSON.stringify(s.respondent) : null,
        address_hash: s.addressHash ?? null,
        responded_at: s.respondedAt ?? ctx.clock.now(),
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return undefined;
    if (s.sendId && s.customerId) {
      await trx
        .updateTable('survey_send')
        .set({ answered_at: s.respondedAt ?? ctx.clock.now() })
        .where('customer_id', '=', s.customerId)
        .where('id', '=', s.sendId)
        .execute();
    }
    await ctx.queue.send(settleResponseJob, { responseId: id }, { trx, startAfter: SETTLE_SAFETY_NET_S });
    return id;
  });

  if (!stored) {
    let q = ctx.db.selectFrom('survey_response').select(['id', 'incentive']);
    q = s.sendId
      ? q.where('customer_id', '=', s.customerId).where('send_id', '=', s.sendId)
      : q.where('survey_id', '=', s.surveyId).where('source_key', '=', s.sourceKey ?? '');
    const existing = await q.executeTakeFirst();
    if (!existing) throw new AppError('conflict', 'This answer collides with another one');
    // The first post may have crashed before settling; settling is idempotent, so finish it here.
    await settleLater(ctx, existing.id);
    return { responseId: existing.id, duplicate: true, incentive: existing.incentive ?? null };
  }
  await settleLater(ctx, id);
  return { responseId: id, duplicate: false, incentive };
}

/** Settles now; if that fails, the answer is safe and the job enqueued with it finishes the work. */
const settleLater = (ctx: Ctx, responseId: string) =>
  settleResponse(ctx, responseId).catch((err: unknown) => {
    ctx.log.warn({ err, responseId }, 'settling the answer failed; the settle job will retry');
  });
