import type { FastifyPluginAsync } from 'fastify';
import type { Ctx, Job } from '../../kernel/context.ts';
import { deliverSendJob } from './deliver-send.ts';
import { fireTriggerJob } from './fire-trigger.ts';
import { feedbackInsightRoutes } from './insight-routes.ts';
import { previewRoutes } from './preview-routes.ts';
import { defaultLimits, type PublicLimits } from './public-http.ts';
import { planSendsJob } from './request-sends.ts';
import { surveyRoutes } from './routes.ts';
import { sendReminderJob } from './send-reminder.ts';
import { settleResponseJob } from './settle-response.ts';
import { surveyPages } from './survey-pages.ts';
import { triggerRoutes } from './trigger-routes.ts';
import { widgetRoutes } from './widget-routes.ts';

export { analyzeComment, type ThemeLexicon } from './analyze-comment.ts';
export { createSurvey } from './create-survey.ts';
// The survey engine's parts that people's pulses reuse (questions, answers, public page, themes).
export { csvCell } from './export-responses-csv.ts';
export { importResponses } from './import-responses.ts';
export { feedbackChurnReasonSource, listFeedbackChurnReasons } from './list-feedback-churn-reasons.ts';
export { listScoredResponses, type ScoredResponse } from './list-scored-responses.ts';
export { loadThemeLexicon } from './load-theme-lexicon.ts';
export { deleteAnonymousResponses, eraseCustomerFeedback, exportCustomerFeedback } from './personal-data.ts';
export { formBody, readFormAnswers } from './public-http.ts';
export { feedbackHealthComponent, readFeedbackHealth } from './read-feedback-health.ts';
export { renderMessage, renderSurveyPage } from './render-page.ts';
export { requestSends } from './request-sends.ts';
export {
  type Answer,
  type AnswerInput,
  type Question,
  question,
  type SurveyContent,
  scales,
} from './schemas.ts';
export { type ResponseSubmission, submitResponse } from './submit-response.ts';
export { surveyTriggerListener } from './trigger-listener.ts';
export { validateAnswers } from './validate-answers.ts';

/** Every durable job of the feedback module. */
export const feedbackJobs = [
  settleResponseJob,
  deliverSendJob,
  sendReminderJob,
  fireTriggerJob,
  planSendsJob,
] as Job<never>[];

/** The staff API and the public surfaces (survey pages, widget, anonymous form), each with its own error pages. */
export function feedbackRoutes(ctx: Ctx, opts: { limits?: Partial<PublicLimits> } = {}): FastifyPluginAsync {
  const limits = { ...defaultLimits, ...opts.limits };
  return async (app) => {
    await app.register(surveyRoutes(ctx));
    await app.register(previewRoutes(ctx));
    await app.register(triggerRoutes(ctx));
    await app.register(feedbackInsightRoutes(ctx));
    await app.register(surveyPages(ctx, limits));
    await app.register(widgetRoutes(ctx, limits));
  };
}
