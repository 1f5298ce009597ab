import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import type { Access } from '../../../kernel/http/access.ts';
import { recordAudit } from '../../staff/index.ts';
import { countKudos } from './count-kudos.ts';
import { giveKudos } from './give-kudos.ts';
import { listKudos } from './list-kudos.ts';
import { countsQuery, kudosCount, kudosInput, kudosQuery, kudosView } from './schemas.ts';

// Kudos come from a person: an API key has nobody to give them in the name of.
const give: Access = { roles: ['admin', 'manager', 'agent'], scopes: [] };
const read: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] };
const tags = ['people'];

export function kudosRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/people/kudos',
      {
        config: { access: give },
        schema: {
          tags,
          summary: 'Recognise a colleague for work with a customer or on a case',
          body: kudosInput,
          response: { 201: kudosView },
        },
      },
      async (req, reply) => {
        const p = req.principal;
        if (p?.kind !== 'staff') throw new AppError('forbidden', 'Kudos are given by a staff member');
        const kudos = await giveKudos(ctx, p.id, req.body, (trx, k) =>
          recordAudit(trx, req, {
            action: 'people.kudos-give',
            customerId: k.customerId ?? undefined,
            target: k.toStaffId,
            details: { kudosId: k.id, caseId: k.caseId },
          }),
        );
        return reply.code(201).send(kudos);
      },
    );
    app.get(
      '/api/v1/people/kudos',
      {
        config: { access: read },
        schema: {
          tags,
          summary: "The kudos feed, newest first (a team's, one person's received, or a customer's)",
          querystring: kudosQuery,
          response: { 200: z.object({ data: z.array(kudosView), nextCursor: z.string().nullable() }) },
        },
      },
      async (req) => listKudos(ctx, req.query),
    );
    app.get(
      '/api/v1/people/kudos/counts',
      {
        config: { access: read },
        schema: {
          tags,
          summary: 'Kudos received and given per staff member over a period (the recognition count)',
          querystring: countsQuery,
          response: { 200: z.object({ data: z.array(kudosCount) }) },
        },
      },
      async (req) => ({ data: await countKudos(ctx, req.query) }),
    );
  };
}
