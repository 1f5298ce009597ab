import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import type { Access } from '../../../kernel/http/access.ts';
import { recordAudit } from '../../staff/index.ts';
import { archivePulse } from './archive-pulse.ts';
import { buildResults } from './build-results.ts';
import { buildTrend } from './build-trend.ts';
import { closeRound } from './close-round.ts';
import { createPulse } from './create-pulse.ts';
import { exportResultsCsv } from './export-results-csv.ts';
import { getPulse } from './get-pulse.ts';
import { listPulses } from './list-pulses.ts';
import { openRound } from './open-round.ts';
import { pulseInput, pulseView, resultsQuery, resultsView, trendQuery, trendView } from './schemas.ts';

const readPulses: Access = { roles: ['admin', 'manager'], scopes: ['read'] };
const managePulses: Access = { roles: ['admin', 'manager'], scopes: ['admin'] };
const idParams = z.object({ id: z.string().uuid() });
const tags = ['people'];
const ANONYMITY =
  'Results of any group with fewer than 5 answers are never shown, also not through filters or the CSV; ' +
  'a team is hidden too when the hidden teams together hold fewer than 5 (else the total would give them away). ' +
  'Only closed rounds have results. Definitions: docs/people.md.';

export function pulseRoutes(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/people/pulses',
      {
        config: { access: readPulses },
        schema: {
          tags,
          summary: 'Employee pulse surveys',
          response: { 200: z.object({ data: z.array(pulseView) }) },
        },
      },
      async () => ({ data: await listPulses(ctx) }),
    );
    app.post(
      '/api/v1/people/pulses',
      {
        config: { access: managePulses },
        schema: {
          tags,
          summary:
            'Create a pulse: eNPS plus up to 5 questions, teams, schedule (a first round in the past is a 400)',
          body: pulseInput,
          response: { 201: pulseView },
        },
      },
      async (req, reply) => {
        const pulse = await createPulse(ctx, req.body);
        await recordAudit(ctx.db, req, {
          action: 'people.pulse-create',
          target: pulse.id,
          details: { name: pulse.name },
        });
        return reply.code(201).send(pulse);
      },
    );
    app.get(
      '/api/v1/people/pulses/:id',
      {
        config: { access: readPulses },
        schema: { tags, summary: 'One pulse', params: idParams, response: { 200: pulseView } },
      },
      async (req) => getPulse(ctx, req.params.id),
    );
    app.delete(
      '/api/v1/people/pulses/:id',
      {
        config: { access: managePulses },
        schema: {
          tags,
          summary: 'Archive a pulse: no more rounds; results stay',
          params: idParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await archivePulse(ctx, req.params.id);
        await recordAudit(ctx.db, req, { action: 'people.pulse-archive', target: req.params.id });
        return reply.code(204).send(null);
      },
    );
    app.post(
      '/api/v1/people/pulses/:id/rounds',
      {
        config: { access: managePulses },
        schema: {
          tags,
          summary: 'Open a round now (scheduled rounds open by themselves) and mail its invitations',
          params: idParams,
          response: {
            201: z.object({
              id: z.string().uuid(),
              number: z.number(),
              invited: z.number(),
              opensAt: z.date(),
              closesAt: z.date(),
            }),
          },
        },
      },
      async (req, reply) => {
        const round = await openRound(ctx, req.params.id, { scheduled: false });
        // Only the scheduled job gets null (a round no longer due); a person's request opens one or throws.
        if (!round) throw new AppError('conflict', 'No round was opened');
        await recordAudit(ctx.db, req, {
          action: 'people.pulse-round-open',
          target: req.params.id,
          details: round,
        });
        return reply.code(201).send(round);
      },
    );
    app.post(
      '/api/v1/people/pulses/:id/rounds/:roundId/close',
      {
        config: { access: managePulses },
        schema: {
          tags,
          summary: 'Close a round early: no more answers; its results can be read',
          params: idParams.extend({ roundId: z.string().uuid() }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await closeRound(ctx, req.params.id, req.params.roundId);
        await recordAudit(ctx.db, req, { action: 'people.pulse-round-close', target: req.params.roundId });
        return reply.code(204).send(null);
      },
    );
    app.get(
      '/api/v1/people/pulses/:id/results',
      {
        config: { access: readPulses },
        schema: {
          tags,
          summary: 'Anonymous results: eNPS, question averages and comment themes per team per round',
          description: ANONYMITY,
          params: idParams,
          querystring: resultsQuery,
          response: { 200: resultsView },
        },
      },
      async (req) => buildResults(ctx, req.params.id, req.query),
    );
    app.get(
      '/api/v1/people/pulses/:id/results.csv',
      {
        config: { access: readPulses },
        schema: {
          tags,
          summary:
            'The anonymous results as CSV (the same groups hidden as in the API; never single answers)',
          description: ANONYMITY,
          params: idParams,
          querystring: resultsQuery,
          response: { 200: z.string() },
        },
      },
      async (req, reply) => {
        const csv = await exportResultsCsv(ctx, req.params.id, req.query);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="pulse-${req.params.id}.csv"`)
          .header('x-content-type-options', 'nosniff')
          .send(csv);
      },
    );
    app.get(
      '/api/v1/people/pulses/:id/trend',
      {
        config: { access: readPulses },
        schema: {
          tags,
          summary: "Each team's eNPS per round beside the CSAT and retention of the customers it serves",
          description:
            'CSAT and retention against expected from the team scorecard over the `days` before each round opened. ' +
            ANONYMITY,
          params: idParams,
          querystring: trendQuery,
          response: { 200: trendView },
        },
      },
      async (req) => buildTrend(ctx, req.params.id, req.query.days),
    );
  };
}
