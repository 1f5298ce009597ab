import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError, notFound } from '../../../kernel/errors.ts';
import type { Access } from '../../../kernel/http/access.ts';
import { loadRoster, recordAudit } from '../../staff/index.ts';
import { buildScorecard } from './build-scorecard.ts';
import { periodQuery, scorecardView } from './schemas.ts';

const readOwnCard: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] };
const readTeamCard: Access = { roles: ['admin', 'manager'], scopes: ['read'] };
const tags = ['people'];
const DESCRIPTION =
  'CSAT, NPS, first-contact resolution, save rate and promises kept on time, credited to whoever owned the ' +
  "customer when it happened; retention and revenue retention of the book held at `from` against the book's " +
  'expected retention (P(alive) then), score = observed − expected in percentage points; volume for context. ' +
  'Each card comes with the same-length period before it. Definitions: docs/people.md.';

export function scorecardRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/people/scorecards/staff/:staffId',
      {
        config: { access: readOwnCard },
        schema: {
          tags,
          summary: "A rep's scorecard (an agent reads only their own)",
          description: DESCRIPTION,
          params: z.object({ staffId: z.string().uuid() }),
          querystring: periodQuery,
          response: { 200: scorecardView },
        },
      },
      async (req) => {
        const p = req.principal;
        const { staffId } = req.params;
        if (p?.kind === 'staff' && p.role === 'agent' && p.id !== staffId)
          throw new AppError(
            'forbidden',
            "An agent reads only their own scorecard; a manager reads the team's",
          );
        if (!(await loadRoster(ctx)).staff.has(staffId)) throw notFound('Staff member', staffId);
        const card = await buildScorecard(ctx, { staffIds: [staffId], ...req.query });
        if (req.query.detail)
          await recordAudit(
            ctx.db,
            req,
            { action: 'people.scorecard-detail', target: staffId },
            { isRead: true },
          );
        return card;
      },
    );
    app.get(
      '/api/v1/people/scorecards/teams/:teamId',
      {
        config: { access: readTeamCard },
        schema: {
          tags,
          summary: "A team's scorecard: the team's total and each member's card",
          description: DESCRIPTION,
          params: z.object({ teamId: z.string().uuid() }),
          querystring: periodQuery,
          response: { 200: scorecardView },
        },
      },
      async (req) => {
        const roster = await loadRoster(ctx);
        if (!roster.teams.has(req.params.teamId)) throw notFound('Team', req.params.teamId);
        const staffIds = [...roster.staff.values()]
          .filter((m) => m.teamId === req.params.teamId)
          .map((m) => m.id)
          .sort();
        const card = await buildScorecard(ctx, { staffIds, ...req.query });
        if (req.query.detail)
          await recordAudit(
            ctx.db,
            req,
            { action: 'people.scorecard-detail', target: req.params.teamId },
            { isRead: true },
          );
        return card;
      },
    );
  };
}
