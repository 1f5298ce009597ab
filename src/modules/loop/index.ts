import type { Job } from '../../kernel/context.ts';
import { deliverWebhookJob } from './deliver-webhook.ts';
import { evaluateCustomersJob, runScheduledRulesJob } from './evaluate-customers.ts';
import { evaluateEventsJob } from './evaluate-events.ts';
import { sendNotificationEmailJob } from './send-notification-email.ts';
import { sweepCasesJob } from './sweep-cases.ts';

/** The loop's durable jobs, for the worker role. */
export { eraseCustomerLoop, exportCustomerLoop } from './personal-data.ts';
export const loopJobs: Job<never>[] = [
  evaluateEventsJob,
  sweepCasesJob,
  sendNotificationEmailJob,
  deliverWebhookJob,
  runScheduledRulesJob,
  evaluateCustomersJob,
] as Job<never>[];

export { caseRoutes } from './case-routes.ts';
export { OPEN_LOOP_ITEMS_SQL } from './count-open-items.ts';
export { runScheduledRules } from './evaluate-customers.ts';
export { evaluateEvents } from './evaluate-events.ts';
export { getCase } from './get-case.ts';
export { loopListener } from './interaction-listener.ts';
export { caseChurnReasonSource, listCaseChurnReasons } from './list-case-churn-reasons.ts';
export { type CaseOutcome, listCaseOutcomes } from './list-case-outcomes.ts';
export { listCases } from './list-cases.ts';
export { listPromiseOutcomes, type PromiseOutcome } from './list-promise-outcomes.ts';
export { loopRoutes } from './loop-routes.ts';
export { notifyStaff, type StaffNotice } from './notify-staff.ts';
export { type FlagResult, raiseFlag } from './raise-flag.ts';
export { caseHealthComponent, readCaseHealth } from './read-case-health.ts';
export { reassignOpenCases } from './reassign-open-cases.ts';
export { ruleRoutes } from './rule-routes.ts';
export { registerServiceLevel, type ServiceLevel } from './service-level.ts';
export { sweepCases } from './sweep-cases.ts';
export { taskRoutes } from './task-routes.ts';
