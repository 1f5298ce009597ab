import type { FastifyInstance } from 'fastify';
import type { Ctx, Job } from './kernel/context.ts';
import { healthRoutes } from './kernel/http/health.ts';
import { createHttpServer } from './kernel/http/server.ts';
import {
  customerRoutes,
  interactionRoutes,
  onInteractionsRecorded,
  registerOpenItemsCounter,
  segmentRoutes,
} from './modules/customers/index.ts';
import { refreshStatusesJob } from './modules/customers/refresh-statuses.ts';
import {
  feedbackChurnReasonSource,
  feedbackHealthComponent,
  feedbackJobs,
  feedbackRoutes,
  surveyTriggerListener,
} from './modules/feedback/index.ts';
import {
  insightRoutes,
  registerChurnReasonSource,
  registerHealthComponent,
  registerInsightInCustomer360,
  registerInsightInCustomerList,
  runScoringJob,
} from './modules/insight/index.ts';
import {
  caseChurnReasonSource,
  caseHealthComponent,
  caseRoutes,
  countOpenLoopItems,
  loopJobs,
  loopListener,
  loopRoutes,
  ruleRoutes,
  taskRoutes,
} from './modules/loop/index.ts';
import { loyaltyRoutes } from './modules/loyalty/index.ts';
import { outreachRoutes } from './modules/outreach/index.ts';
import { settingsRoutes } from './modules/settings/index.ts';
import { createAuthenticator, staffRoutes, teamRoutes } from './modules/staff/index.ts';
import { webRoutes } from './modules/web/index.ts';
import { version } from './version.ts';

/** Every durable job of every module; the worker role runs them. */
export const jobs: Job<never>[] = [
  refreshStatusesJob as Job<never>,
  ...feedbackJobs,
  runScoringJob as Job<never>,
  ...loopJobs,
];

// The customer 360 shows insight's scores (P(alive), CLV, churn, health) once a run has scored them.
registerInsightInCustomer360();
// The customer list filters by health and P(alive) bands and sorts by scores through insight's relation.
registerInsightInCustomerList();
// Health components and "why customers leave" sources owned by feedback (survey answers and their
// themes) and loop (open cases and SLA breaches, root causes of churned cases).
registerHealthComponent(feedbackHealthComponent);
registerHealthComponent(caseHealthComponent);
registerChurnReasonSource(feedbackChurnReasonSource);
registerChurnReasonSource(caseChurnReasonSource);
// Survey triggers fire from inside the ingest transaction (see feedback/trigger-listener.ts).
onInteractionsRecorded(surveyTriggerListener);
// Red-flag rules see every new touchpoint through the ingest transaction (see loop/interaction-listener.ts).
onInteractionsRecorded(loopListener);
registerOpenItemsCounter(countOpenLoopItems);

/** The composition root: the kernel's HTTP edge with every module's routes. */
export function buildApp(ctx: Ctx, opts: { logRequests?: boolean } = {}): Promise<FastifyInstance> {
  return createHttpServer({
    logger: opts.logRequests === false ? false : ctx.log,
    authenticate: createAuthenticator(ctx),
    version,
    modules: [
      healthRoutes(ctx.db, version),
      staffRoutes(ctx),
      customerRoutes(ctx),
      segmentRoutes(ctx),
      interactionRoutes(ctx),
      feedbackRoutes(ctx),
      outreachRoutes(ctx),
      loyaltyRoutes(ctx),
      teamRoutes(ctx),
      settingsRoutes(ctx),
      ruleRoutes(ctx),
      caseRoutes(ctx),
      taskRoutes(ctx),
      loopRoutes(ctx),
      insightRoutes(ctx),
      webRoutes(),
    ],
  });
}
