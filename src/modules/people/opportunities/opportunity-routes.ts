import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../../kernel/context.ts';
import { type Access, staffIdOf } from '../../../kernel/http/access.ts';
import { authorizeCustomerWork } from '../../customers/index.ts';
import { recordAudit } from '../../staff/index.ts';
import { authorizeOpportunity, creditedRep } from './authorize-opportunity.ts';
import { buildRevenueReport } from './build-revenue-report.ts';
import { flagOpportunity } from './flag-opportunity.ts';
import { getOpportunity } from './get-opportunity.ts';
import { listOpportunities } from './list-opportunities.ts';
import { moveOpportunity } from './move-opportunity.ts';
import {
  flagInput,
  historyView,
  listQuery,
  moveInput,
  opportunityView,
  reportQuery,
  reportView,
} from './schemas.ts';

const readOpportunities: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] };
const workOpportunities: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['write'] };
const readReport: Access = { roles: ['admin', 'manager'], scopes: ['read'] };
const idParams = z.object({ id: z.string().uuid() });
const tags = ['people'];

export function opportunityRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/people/opportunities',
      {
        config: { access: workOpportunities },
        schema: {
          tags,
          summary:
            'Flag an opportunity found on a call or a case (an agent: on their own, team or unowned customers)',
          body: flagInput,
          response: { 201: opportunityView },
        },
      },
      async (req, reply) => {
        await authorizeCustomerWork(ctx, req, req.body.customerId);
        const repId = await creditedRep(ctx, req, req.body.repId);
        const o = await flagOpportunity(ctx, { ...req.body, repId }, staffIdOf(req) ?? null, (trx, o) =>
          recordAudit(trx, req, {
            action: 'people.opportunity-flag',
            customerId: o.customerId,
            target: o.id,
            details: {
              interactionId: o.interactionId,
              caseId: o.caseId,
              repId: o.repId,
              valueMinor: o.valueMinor,
              currency: o.currency,
            },
          }),
        );
        return reply.code(201).send(o);
      },
    );
    app.get(
      '/api/v1/people/opportunities',
      {
        config: { access: readOpportunities },
        schema: {
          tags,
          summary: 'Opportunities, newest first (filter by stage, rep, customer)',
          querystring: listQuery,
          response: { 200: z.object({ data: z.array(opportunityView) }) },
        },
      },
      async (req) => ({ data: await listOpportunities(ctx, req.query) }),
    );
    app.get(
      '/api/v1/people/opportunities/:id',
      {
        config: { access: readOpportunities },
        schema: {
          tags,
          summary: 'One opportunity with its stage history',
          params: idParams,
          response: { 200: opportunityView.extend({ history: z.array(historyView) }) },
        },
      },
      async (req) => getOpportunity(ctx, req.params.id),
    );
    app.post(
      '/api/v1/people/opportunities/:id/stage',
      {
        config: { access: workOpportunities },
        schema: {
          tags,
          summary:
            'Move an opportunity: open ↔ qualified, either to lost, lost back to open (won only by a purchase)',
          params: idParams,
          body: moveInput,
          response: { 200: opportunityView },
        },
      },
      async (req) => {
        await authorizeOpportunity(ctx, req, req.params.id);
        return moveOpportunity(ctx, req.params.id, req.body, staffIdOf(req) ?? null, (trx, o, from) =>
          recordAudit(trx, req, {
            action: 'people.opportunity-stage',
            customerId: o.customerId,
            target: o.id,
            details: { from, to: o.stage },
          }),
        );
      },
    );
    app.get(
      '/api/v1/people/opportunities-report',
      {
        config: { access: readReport },
        schema: {
          tags,
          summary:
            'Service-originated revenue per rep and team over a period, with the won opportunities behind it',
          querystring: reportQuery,
          response: { 200: reportView },
        },
      },
      async (req) => buildRevenueReport(ctx, req.query),
    );
  };
}
