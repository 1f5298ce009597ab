import type { FastifyInstance } from 'fastify';
import type { Ctx, Job } from './kernel/context.ts';
import { healthRoutes } from './kernel/http/health.ts';
import { createHttpServer } from './kernel/http/server.ts';
import { customerRoutes, interactionRoutes, segmentRoutes } from './modules/customers/index.ts';
import { maintainPartitionsJob } from './modules/customers/maintain-partitions.ts';
import { refreshStatusesJob } from './modules/customers/refresh-statuses.ts';
import { feedbackJobs, feedbackRoutes } from './modules/feedback/index.ts';
import { insightRoutes, runScoringJob } from './modules/insight/index.ts';
import { caseRoutes, loopJobs, loopRoutes, ruleRoutes, taskRoutes } from './modules/loop/index.ts';
import {
  creditReferralJob,
  deliverInvitationJob,
  evaluateAllTiersJob,
  evaluateCustomerTiersJob,
  eventRoutes,
  expirePointsJob,
  ledgerRoutes,
  loyaltyRoutes,
  mailSeatJob,
  mailTierChangesJob,
  referralRoutes,
  tierRoutes,
} from './modules/loyalty/index.ts';
import {
  buildCallListsJob,
  callListRoutes,
  campaignRoutes,
  checkSegmentEntriesJob,
  deliverCampaignSendJob,
  deliverWinbackEmailJob,
  launchDueRunsJob,
  launchRunJob,
  offerRoutes,
  outreachRoutes,
  runWinbackJob,
  savedSegmentRoutes,
  upliftRoutes,
  winbackRoutes,
} from './modules/outreach/index.ts';
import {
  assignUnownedJob,
  deliverPulseInvitationJob,
  openDuePulseRoundsJob,
  peopleRoutes,
  sendIntroEmailJob,
} from './modules/people/index.ts';
import { privacyJobs, privacyRoutes } from './modules/privacy/index.ts';
import { settingsRoutes } from './modules/settings/index.ts';
import { createAuthenticator, staffRoutes, teamRoutes } from './modules/staff/index.ts';
import { webRoutes } from './modules/web/index.ts';
import { version } from './version.ts';

/** Every durable job of every module; the worker role runs them. */
export const jobs: Job<never>[] = [
  refreshStatusesJob as Job<never>,
  maintainPartitionsJob as Job<never>,
  ...feedbackJobs,
  runScoringJob as Job<never>,
  ...loopJobs,
  ...privacyJobs,
  deliverCampaignSendJob as Job<never>,
  launchRunJob as Job<never>,
  launchDueRunsJob as Job<never>,
  checkSegmentEntriesJob as Job<never>,
  buildCallListsJob as Job<never>,
  deliverInvitationJob as Job<never>,
  mailSeatJob as Job<never>,
  deliverWinbackEmailJob as Job<never>,
  runWinbackJob as Job<never>,
  expirePointsJob as Job<never>,
  evaluateCustomerTiersJob as Job<never>,
  evaluateAllTiersJob as Job<never>,
  mailTierChangesJob as Job<never>,
  creditReferralJob as Job<never>,
  assignUnownedJob as Job<never>,
  sendIntroEmailJob as Job<never>,
  openDuePulseRoundsJob as Job<never>,
  deliverPulseInvitationJob as Job<never>,
];

/**
 * The composition root: the kernel's HTTP edge with every module's routes. Wiring the modules
 * into each other is the caller's choice (`wireModules` in wiring.ts): `tenure serve` wires
 * everything, bulk loads only the read side.
 */
export function buildApp(ctx: Ctx, opts: { logRequests?: boolean } = {}): Promise<FastifyInstance> {
  return createHttpServer({
    logger: opts.logRequests === false ? false : ctx.log,
    authenticate: createAuthenticator(ctx),
    version,
    db: ctx.db,
    trustProxy: ctx.config.trustProxy,
    publicUrl: ctx.config.publicUrl,
    modules: [
      healthRoutes(ctx.db, version),
      staffRoutes(ctx),
      customerRoutes(ctx),
      segmentRoutes(ctx),
      interactionRoutes(ctx),
      feedbackRoutes(ctx),
      outreachRoutes(ctx),
      offerRoutes(ctx),
      savedSegmentRoutes(ctx),
      upliftRoutes(ctx),
      campaignRoutes(ctx),
      callListRoutes(ctx),
      winbackRoutes(ctx),
      loyaltyRoutes(ctx),
      eventRoutes(ctx),
      ledgerRoutes(ctx),
      tierRoutes(ctx),
      referralRoutes(ctx),
      teamRoutes(ctx),
      settingsRoutes(ctx),
      privacyRoutes(ctx),
      ruleRoutes(ctx),
      caseRoutes(ctx),
      taskRoutes(ctx),
      loopRoutes(ctx),
      insightRoutes(ctx),
      peopleRoutes(ctx),
      webRoutes(),
    ],
  });
}
