import type { FastifyPluginAsync } from 'fastify';
import type { Ctx } from '../../kernel/context.ts';
import { assignmentRoutes } from './assignment/assignment-routes.ts';
import { kudosRoutes } from './kudos/kudos-routes.ts';
import { opportunityRoutes } from './opportunities/opportunity-routes.ts';
import { pulsePages } from './pulses/pulse-pages.ts';
import { pulseRoutes } from './pulses/pulse-routes.ts';
import { publicRewardRoutes } from './reward-preferences/public-reward-routes.ts';
import { rewardPreferenceRoutes } from './reward-preferences/reward-preference-routes.ts';
import { scorecardRoutes } from './scorecards/scorecard-routes.ts';

/** The people module's API: assignment rules and rebalancing, scorecards. */
export function peopleRoutes(ctx: Ctx): FastifyPluginAsync {
  return async (app) => {
    await app.register(assignmentRoutes(ctx));
    await app.register(scorecardRoutes(ctx));
    await app.register(opportunityRoutes(ctx));
    await app.register(kudosRoutes(ctx));
    await app.register(rewardPreferenceRoutes(ctx));
    await app.register(pulseRoutes(ctx));
    await app.register(pulsePages(ctx));
    await app.register(publicRewardRoutes(ctx));
  };
}
